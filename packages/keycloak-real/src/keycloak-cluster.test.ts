import { describe, expect, it } from 'vitest';
import { clusterViewSize, failureDetectionPort } from './keycloak-cluster.ts';

describe('cluster helpers', () => {
  it('reads the member count of the last Infinispan view in a node log', () => {
    const log = [
      'INFO  [org.infinispan.CLUSTER] (executor-thread-1) ISPN000094: Received new cluster view for channel ISPN: [vm-58670(v=16.0.14)|0] (1) [vm-58670(v=16.0.14)]',
      'INFO  [org.infinispan.CLUSTER] (jgroups-7,vm-58670(v=16.0.14)) ISPN000094: Received new cluster view for channel ISPN: [vm-58670(v=16.0.14)|1] (2) [vm-58670(v=16.0.14), vm-47904(v=16.0.14)]',
    ].join('\n');
    expect(clusterViewSize(log)).toBe(2);
    expect(clusterViewSize('no view yet')).toBe(0);
  });

  it("places JGroups' failure-detection port 50,000 above the cluster port, wrapped at 65,536", () => {
    expect(failureDetectionPort(23_116)).toBe(7580);
    expect(failureDetectionPort(7800)).toBe(57_800);
  });
});
