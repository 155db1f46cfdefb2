/** InfluxDB 1.x / 2.x in docker: an HTTP endpoint; 2.x carries the onboarding org, bucket and token. */
import type { HttpEndpoint } from '../../core/sql.js';
import { dockerProvider } from './provider.js';

export const influxdbDocker = dockerProvider((container, image): HttpEndpoint => {
  const c = container.plan.credentials;
  const baseUrl = `http://${container.host}:${container.port}`;
  const endpoint: HttpEndpoint = { protocol: 'http', baseUrl, display: `${baseUrl} (docker ${image})` };
  if (c.token) endpoint.token = c.token;
  if (c.org) endpoint.org = c.org;
  if (c.bucket) endpoint.bucket = c.bucket;
  if (c.username) endpoint.username = c.username;
  if (c.password) endpoint.password = c.password;
  if (c.database) endpoint.database = c.database;
  return endpoint;
});
