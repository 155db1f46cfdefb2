/** PostgreSQL (and TimescaleDB images) in docker: a pg wire endpoint on the started container. */
import { pgWireEndpoint } from '../../sql/pg-wire.js';
import { dockerProvider } from './provider.js';

export const postgresqlDocker = dockerProvider((container, image) => {
  const { username, password, database } = container.plan.credentials;
  return pgWireEndpoint({
    host: container.host,
    port: container.port,
    user: username,
    password,
    database,
    display: `postgresql://${username}@${container.host}:${container.port}/${database} (docker ${image})`,
  });
});
