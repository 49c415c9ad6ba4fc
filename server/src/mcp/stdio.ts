// The MCP server and its stdio transport: `opsdocs mcp` loads this as a bundle of its own
// (dist/mcp.js, see esbuild.mjs), so the other commands do not load the SDK and zod at start-up.
export { createMcpServer, serveMcp } from './server.js';
export { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
