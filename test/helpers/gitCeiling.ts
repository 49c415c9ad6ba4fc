import * as path from 'node:path';

// The fixture workspaces under test/ are folders of this repository, whose history changes with
// every commit: git must not find it from them, or a later commit touching a fixture's script
// would add lifecycle/stale-against-code findings to tests that check the fixture in place. Git
// looks no further up than test/ (GIT_CEILING_DIRECTORIES, inherited by the CLI and servers the
// tests start); the repositories the tests build live in the temp folder, unaffected.
process.env.GIT_CEILING_DIRECTORIES = path.resolve(__dirname, '..');
