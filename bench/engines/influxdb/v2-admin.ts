/**
 * InfluxDB 2.x administration through @influxdata/influxdb-client-apis: organization lookup,
 * one bucket + DBRP mapping per table (so InfluxQL `/query` works), bucket retention, tasks.
 * Payloads come from the pure builders in requests.ts / aggregates.ts. Measured writes never
 * go through the client library.
 */
import { InfluxDB } from '@influxdata/influxdb-client';
import { BucketsAPI, DbrpsAPI, OrgsAPI, TasksAPI } from '@influxdata/influxdb-client-apis';
import { bucketPayload, dbrpPayload } from './requests.js';

export class V2Admin {
  private readonly buckets: BucketsAPI;
  private readonly dbrps: DbrpsAPI;
  private readonly orgs: OrgsAPI;
  private readonly tasks: TasksAPI;

  constructor(baseUrl: string, token: string) {
    const influx = new InfluxDB({ url: baseUrl, token });
    this.buckets = new BucketsAPI(influx);
    this.dbrps = new DbrpsAPI(influx);
    this.orgs = new OrgsAPI(influx);
    this.tasks = new TasksAPI(influx);
  }

  /** ID of organization `org` (or of the only/first organization when not given). */
  async orgId(org?: string): Promise<{ id: string; name: string }> {
    const res = await this.orgs.getOrgs(org ? { org } : {});
    const found = res.orgs?.[0];
    if (!found?.id) throw new Error(org ? `InfluxDB 2.x organization '${org}' not found` : 'InfluxDB 2.x has no organization');
    return { id: found.id, name: found.name };
  }

  /** Creates bucket `name` (replacing a leftover of the same name) with its DBRP mapping. */
  async createBucketWithDbrp(orgID: string, name: string): Promise<{ bucketID: string; dbrpID: string }> {
    const existing = await this.buckets.getBuckets({ orgID, name });
    for (const b of existing.buckets ?? []) if (b.id) await this.buckets.deleteBucketsID({ bucketID: b.id });
    const bucket = await this.buckets.postBuckets({ body: bucketPayload(orgID, name) });
    if (!bucket.id) throw new Error(`InfluxDB 2.x returned no id for bucket ${name}`);
    const dbrp = await this.dbrps.postDBRP({ body: dbrpPayload(orgID, bucket.id, name) });
    return { bucketID: bucket.id, dbrpID: dbrp.id };
  }

  /** Sets a bucket's retention (seconds, 0 = infinite). */
  async setBucketRetention(bucketID: string, seconds: number): Promise<void> {
    await this.buckets.patchBucketsID({ bucketID, body: { retentionRules: [{ type: 'expire', everySeconds: seconds }] } });
  }

  /** Deletes a bucket (its DBRP mappings go with it). */
  async deleteBucket(bucketID: string): Promise<void> {
    await this.buckets.deleteBucketsID({ bucketID });
  }

  async createTask(body: { orgID: string; flux: string; status: 'active'; description: string }): Promise<string> {
    const task = await this.tasks.postTasks({ body });
    return task.id;
  }

  async deleteTask(taskID: string): Promise<void> {
    await this.tasks.deleteTasksID({ taskID });
  }
}
