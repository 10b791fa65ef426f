import { loadBundles } from "/work/main/src/bundle/load.ts";
for (let i = 0; i < 3; i++) {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  const r = await loadBundles({ roots: ["/tmp/benchrepo"], cwd: "/tmp/benchrepo" });
  const c = process.cpuUsage(c0);
  console.log(r.bundles.length, (performance.now() - t0).toFixed(0), "ms wall", ((c.user + c.system) / 1000).toFixed(0), "ms cpu");
}
