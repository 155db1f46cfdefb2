/**
 * What every docker family provider does before starting a container: reach the daemon, pick
 * the image (override or default candidates, pulled with a short timeout when none is present),
 * its profile, the network mode and the resource limits.
 */
import type { ContainerRuntimeClient } from 'testcontainers';
import type { Availability, ServerRequest } from '../../core/runtime.js';
import { InputError, TargetError } from '../../core/errors.js';
import { dockerClient, dockerode, hasNetwork, inspectImage, pullImage, PULL_TIMEOUT_MS } from './daemon.js';
import { chooseImages, howToGet, type ImageChoice } from './images.js';
import { selectProfile, type ImageFacts, type ImageProfile, type NetworkMode } from './profiles.js';
import { dockerResources, type DockerResources } from './resources.js';

export interface PreparedTarget {
  client: ContainerRuntimeClient;
  facts: ImageFacts;
  profile: ImageProfile;
  network: NetworkMode;
  resources: DockerResources;
  imageSource: ImageChoice['source'];
}

function imageChoice(request: ServerRequest): ImageChoice {
  try {
    return chooseImages({
      engine: request.engine,
      family: request.family,
      requirements: request.requirements,
      scenarioImage: request.options.image,
      flagImages: request.flags.images,
    });
  } catch (err) {
    throw new InputError(err instanceof Error ? err.message : String(err));
  }
}

/** `flags.dockerNetwork` if given, else bridge when the daemon has a bridge network, else host. */
export async function chooseNetwork(request: ServerRequest, client: ContainerRuntimeClient): Promise<NetworkMode> {
  const flag = request.flags.dockerNetwork;
  if (flag !== undefined && flag !== 'bridge' && flag !== 'host') {
    throw new InputError(`--docker-network must be bridge or host, got ${JSON.stringify(flag)}`);
  }
  const bridge = await hasNetwork(dockerode(client), 'bridge');
  if (flag === 'host') return 'host';
  if (flag === 'bridge') {
    if (!bridge) throw new TargetError(`${request.engine}@docker: the Docker daemon has no bridge network`, 'use --docker-network host');
    return 'bridge';
  }
  if (!bridge) request.log.info('docker: the daemon has no bridge network (dockerd --bridge=none): using host networking on 127.0.0.1');
  return bridge ? 'bridge' : 'host';
}

async function presentImage(client: ContainerRuntimeClient, refs: readonly string[]): Promise<ImageFacts | null> {
  for (const ref of refs) {
    const facts = await inspectImage(dockerode(client), ref);
    if (facts) return facts;
  }
  return null;
}

/**
 * The first candidate present locally, else the first one pulled (bounded by PULL_TIMEOUT_MS;
 * `flags.dockerPull === false` disables pulling); TargetError otherwise.
 */
export async function resolveImage(request: ServerRequest, client: ContainerRuntimeClient, choice: ImageChoice): Promise<ImageFacts> {
  const present = await presentImage(client, choice.refs);
  if (present) return present;
  const ref = choice.refs[0];
  const hint = choice.refs.map(howToGet).join(', or ');
  if (request.flags.dockerPull === false) {
    // The message already says how to get the image: no separate hint (it would be printed twice).
    throw new TargetError(`${request.engine}@docker: image ${choice.refs.join(' / ')} not found locally (pulling disabled); get it with ${hint}`);
  }
  request.log.info(`docker: ${choice.refs.join(', ')} not present locally; trying docker pull ${ref} (${PULL_TIMEOUT_MS / 1000} s)`);
  let reason: string;
  try {
    await pullImage(dockerode(client), ref);
    const pulled = await inspectImage(dockerode(client), ref);
    if (pulled) return pulled;
    reason = 'the pull reported success but the image is still missing';
  } catch (err) {
    reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
  }
  throw new TargetError(`${request.engine}@docker: image ${choice.refs.join(' / ')} not found locally and the pull failed (${reason}); get it with ${hint}`);
}

export async function prepareTarget(request: ServerRequest): Promise<PreparedTarget> {
  const choice = imageChoice(request);
  const resources = dockerResources(request.scenario, request.options);
  let client: ContainerRuntimeClient;
  try {
    client = await dockerClient(request.log);
  } catch (err) {
    throw new TargetError(`${request.engine}@docker: ${err instanceof Error ? err.message : String(err)}`, 'start dockerd (source .ci/docker.sh && start_dockerd)');
  }
  const facts = await resolveImage(request, client, choice);
  let profile: ImageProfile;
  try {
    profile = selectProfile(request.family, facts);
  } catch (err) {
    throw new TargetError(`${request.engine}@docker: ${err instanceof Error ? err.message : String(err)}`);
  }
  const network = await chooseNetwork(request, client);
  return { client, facts, profile, network, resources, imageSource: choice.source };
}

/** Available when the daemon answers and one candidate image is present (probe never pulls). */
export async function probeTarget(request: ServerRequest): Promise<Availability> {
  let choice: ImageChoice;
  try {
    choice = imageChoice(request);
  } catch (err) {
    return { available: false, reason: err instanceof Error ? err.message : String(err) };
  }
  let client: ContainerRuntimeClient;
  try {
    client = await dockerClient(request.log);
  } catch (err) {
    return { available: false, reason: `docker: ${err instanceof Error ? err.message : String(err)}` };
  }
  try {
    const facts = await presentImage(client, choice.refs);
    if (!facts) {
      return { available: false, reason: `docker: image ${choice.refs.join(' / ')} not present (get it with ${choice.refs.map(howToGet).join(', or ')})` };
    }
    const profile = selectProfile(request.family, facts);
    return { available: true, reason: `docker: image ${facts.ref} present (${profile.id}, ${choice.source} choice)` };
  } catch (err) {
    return { available: false, reason: `docker: ${err instanceof Error ? err.message : String(err)}` };
  }
}
