/**
 * Skips the running test because something it needs is not on this machine, saying why: the reason
 * is printed (the default `dot` reporter prints no titles) and added to the test's title (the spec
 * reporter lists it as pending). Never returns.
 */
export function skipBecause(ctx: Mocha.Context, reason: string): never {
  const test = ctx.currentTest ?? ctx.test;
  console.log(`\n  skipped "${test?.fullTitle() ?? 'a test'}": ${reason}`);
  if (test) test.title += ` (skipped: ${reason})`;
  ctx.skip();
}
