/**
 * InfluxDB 2.x administration: organization lookup, one bucket + DBRP mapping per table (so
 * InfluxQL `/query` works), tasks and their runs. Requests come from the pure builders in
 * v2-requests.ts and go through the engine's own HTTP client (not the client library), so every
 * call is a recorded exchange in the tests. Measured writes never go through here.
 */
import type { Dispatcher } from 'undici';
import { expectOk } from './errors.js';
import type { Connection } from './requests.js';
import {
  createBucketRequest,
  createDbrpRequest,
  createTaskRequest,
  deleteBucketRequest,
  deleteTaskRequest,
  findBucketsRequest,
  orgsRequest,
  runTaskRequest,
  taskRunLogsRequest,
  taskRunRequest,
} from './v2-requests.js';

export type RunStatus = 'scheduled' | 'started' | 'failed' | 'success' | 'canceled';

export interface TaskRun {
  id: string;
  status: RunStatus;
}

function parse<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`InfluxDB 2.x ${what}: the reply is not JSON: ${text.slice(0, 200)}`);
  }
}

export class V2Admin {
  constructor(
    private readonly http: Dispatcher,
    private readonly conn: Connection,
    private readonly signal?: AbortSignal,
  ) {}

  /** ID of organization `org` (or of the only/first organization when not given). */
  async orgId(org?: string): Promise<{ id: string; name: string }> {
    const reply = await expectOk(this.http, orgsRequest(this.conn, org), [200, 404], 'InfluxDB 2.x GET /api/v2/orgs', this.signal);
    const found = reply.status === 200 ? parse<{ orgs?: { id?: string; name: string }[] }>(reply.text, 'orgs').orgs?.[0] : undefined;
    if (!found?.id) throw new Error(org ? `InfluxDB 2.x organization '${org}' not found` : 'InfluxDB 2.x has no organization');
    return { id: found.id, name: found.name };
  }

  /** Creates bucket `name` (replacing a leftover of the same name); returns its id. */
  async createBucket(orgID: string, name: string, description?: string): Promise<string> {
    const existing = await expectOk(this.http, findBucketsRequest(this.conn, orgID, name), [200, 404], `InfluxDB 2.x lookup of bucket ${name}`, this.signal);
    if (existing.status === 200) {
      for (const b of parse<{ buckets?: { id?: string; name?: string }[] }>(existing.text, 'buckets').buckets ?? []) {
        if (b.id && b.name === name) await this.deleteBucket(b.id);
      }
    }
    const reply = await expectOk(this.http, createBucketRequest(this.conn, orgID, name, description), [201], `InfluxDB 2.x creation of bucket ${name}`, this.signal);
    const bucket = parse<{ id?: string }>(reply.text, 'bucket');
    if (!bucket.id) throw new Error(`InfluxDB 2.x returned no id for bucket ${name}`);
    return bucket.id;
  }

  /** Maps InfluxQL `database`/`rp` to a bucket; returns the mapping id. */
  async createDbrp(orgID: string, bucketID: string, database: string, rp = 'autogen'): Promise<string> {
    const reply = await expectOk(this.http, createDbrpRequest(this.conn, orgID, bucketID, database, rp), [201, 200], `InfluxDB 2.x DBRP mapping ${database}/${rp}`, this.signal);
    // 2.x answers the DBRP itself; some releases wrapped it as {"content": {...}}.
    const body = parse<{ id?: string; content?: { id?: string } }>(reply.text, 'dbrp');
    const id = body.id ?? body.content?.id;
    if (!id) throw new Error(`InfluxDB 2.x returned no id for the DBRP mapping of ${database}/${rp}`);
    return id;
  }

  /** Creates bucket `name` with its default (autogen) DBRP mapping. */
  async createBucketWithDbrp(orgID: string, name: string): Promise<{ bucketID: string; dbrpID: string }> {
    const bucketID = await this.createBucket(orgID, name);
    const dbrpID = await this.createDbrp(orgID, bucketID, name);
    return { bucketID, dbrpID };
  }

  /** Deletes a bucket (its DBRP mappings go with it); a bucket already gone is fine. */
  async deleteBucket(bucketID: string, signal: AbortSignal | undefined = this.signal): Promise<void> {
    await expectOk(this.http, deleteBucketRequest(this.conn, bucketID), [204, 404], `InfluxDB 2.x deletion of bucket ${bucketID}`, signal);
  }

  async createTask(body: { orgID: string; flux: string; status: 'active' | 'inactive'; description: string }): Promise<string> {
    const reply = await expectOk(this.http, createTaskRequest(this.conn, body), [201], 'InfluxDB 2.x task creation (POST /api/v2/tasks)', this.signal);
    const task = parse<{ id?: string }>(reply.text, 'task');
    if (!task.id) throw new Error('InfluxDB 2.x returned no id for the task');
    return task.id;
  }

  async deleteTask(taskID: string, signal: AbortSignal | undefined = this.signal): Promise<void> {
    await expectOk(this.http, deleteTaskRequest(this.conn, taskID), [204, 404], `InfluxDB 2.x deletion of task ${taskID}`, signal);
  }

  /** Starts a manual run of a task now. */
  async runTask(taskID: string): Promise<TaskRun> {
    const reply = await expectOk(this.http, runTaskRequest(this.conn, taskID), [201, 200], `InfluxDB 2.x manual run of task ${taskID}`, this.signal);
    return this.toRun(reply.text, taskID);
  }

  async taskRun(taskID: string, runID: string): Promise<TaskRun> {
    const reply = await expectOk(this.http, taskRunRequest(this.conn, taskID, runID), [200], `InfluxDB 2.x status of run ${runID} of task ${taskID}`, this.signal);
    return this.toRun(reply.text, taskID);
  }

  /** The messages of a run's log (for a failed run's error message). */
  async taskRunLog(taskID: string, runID: string): Promise<string[]> {
    const reply = await expectOk(this.http, taskRunLogsRequest(this.conn, taskID, runID), [200], `InfluxDB 2.x log of run ${runID}`, this.signal);
    return (parse<{ events?: { message?: string }[] }>(reply.text, 'run log').events ?? []).map((e) => e.message ?? '').filter(Boolean);
  }

  private toRun(text: string, taskID: string): TaskRun {
    const run = parse<{ id?: string; status?: RunStatus }>(text, 'run');
    if (!run.id || !run.status) throw new Error(`InfluxDB 2.x returned a run of task ${taskID} without id or status`);
    return { id: run.id, status: run.status };
  }
}
