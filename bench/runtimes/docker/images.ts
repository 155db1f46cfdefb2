/**
 * Which image a docker target runs: pinned defaults per server family (chosen from the
 * engine's requirements, never its name), overridable by the scenario (`engines.<name>.image`)
 * or the CLI (`--image <engine>=<ref>`, parsed into `flags.images`). Pure data and functions.
 *
 * Default tags were checked against docker-library/repo-info (influxdb 1.11.8 / 2.7.12) and
 * public compose files pinning them (postgres:16.11-bookworm, timescale/timescaledb:2.24.0-pg16).
 */
import type { ServerFamily, ServerRequirements } from '../../core/engine.js';

/** Images built by scripts/build-images.sh from Debian packages (label tsdb-bench.image=local). */
export const LOCAL_IMAGES = {
  postgresql: 'tsdb-bench/postgres:15-bookworm',
  influxdb: 'tsdb-bench/influxdb:1.6-bookworm',
} as const;

/** InfluxDB 2.x image, selected with `--image influxdb=influxdb:2.7.12` or `engines.influxdb.image`. */
export const INFLUXDB2_IMAGE = 'influxdb:2.7.12';

export interface DefaultImageRule {
  family: ServerFamily;
  /** Extensions the images provide; the rule fits when every required extension is in it. */
  provides: readonly string[];
  /** Candidates in order of preference: the first present locally is used. */
  refs: readonly string[];
}

/**
 * First fitting rule wins, so the plain images come first: an engine without extension
 * requirements gets plain PostgreSQL, one requiring timescaledb gets the TimescaleDB image.
 * Both PostgreSQL images are major 16 so postgres/timescaledb pairs compare like with like
 * (note: the timescale image is Alpine-based, postgres:*-bookworm is Debian).
 */
export const DEFAULT_IMAGE_RULES: readonly DefaultImageRule[] = [
  { family: 'postgresql', provides: [], refs: ['postgres:16.11-bookworm', LOCAL_IMAGES.postgresql] },
  { family: 'postgresql', provides: ['timescaledb'], refs: ['timescale/timescaledb:2.24.0-pg16'] },
  { family: 'influxdb', provides: [], refs: ['influxdb:1.11.8', LOCAL_IMAGES.influxdb] },
  { family: 'redis', provides: [], refs: ['redis:7.4.2-bookworm'] },
];

export type ImageSource = 'flag' | 'scenario' | 'default';

export interface ImageChoice {
  /** Candidates in order of preference (one element for an explicit override). */
  refs: string[];
  source: ImageSource;
}

export interface ImageChoiceInput {
  engine: string;
  family: ServerFamily;
  requirements: ServerRequirements;
  /** `engines.<name>.image` from the scenario. */
  scenarioImage?: string;
  /** `flags.images` from the CLI (engine -> image ref). */
  flagImages?: unknown;
}

function flagImageFor(flagImages: unknown, engine: string): string | undefined {
  if (!flagImages || typeof flagImages !== 'object') return undefined;
  const value = (flagImages as Record<string, unknown>)[engine];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The candidate images for one target; throws when no default fits the requirements. */
export function chooseImages(input: ImageChoiceInput): ImageChoice {
  const flag = flagImageFor(input.flagImages, input.engine);
  if (flag) return { refs: [flag], source: 'flag' };
  if (input.scenarioImage && input.scenarioImage.trim() !== '') {
    return { refs: [input.scenarioImage.trim()], source: 'scenario' };
  }
  const required = input.requirements.extensions ?? [];
  const rule = DEFAULT_IMAGE_RULES.find((r) => r.family === input.family && required.every((ext) => r.provides.includes(ext)));
  if (!rule) {
    throw new Error(`no default ${input.family} image provides ${required.join(', ')}; give one with --image ${input.engine}=<ref>`);
  }
  return { refs: [...rule.refs], source: 'default' };
}

/** How to obtain an image that is not present locally. */
export function howToGet(ref: string): string {
  const local = (Object.values(LOCAL_IMAGES) as string[]).includes(ref);
  return local ? `scripts/build-images.sh (builds ${ref} from Debian packages)` : `docker pull ${ref}`;
}
