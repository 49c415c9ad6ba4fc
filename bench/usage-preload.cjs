// Preloaded (node --require) into measured commands when GNU time is absent: writes the
// process's resource usage (maxRSS in KB, CPU µs) to $OPSDOCS_BENCH_USAGE at exit.
const fs = require('node:fs');
process.on('exit', () => {
  const file = process.env.OPSDOCS_BENCH_USAGE;
  if (file) fs.writeFileSync(file, JSON.stringify(process.resourceUsage()));
});
