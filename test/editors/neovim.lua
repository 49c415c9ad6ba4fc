-- Drives Neovim against the OpsDocs server for test/editors/neovim.test.ts; run as
--   nvim --headless -u test/editors/neovim.lua
-- with OPSDOCS_SERVER (dist/server.js), OPSDOCS_ROOT (a copy of test/fixtures/editor), OPSDOCS_OUT
-- (where to write what Neovim saw, as JSON) and OPSDOCS_TIMEOUT_MS (the bound of each wait).
-- The server is started with a plain vim.lsp.start_client: no workspace/configuration capability,
-- no file watching; its settings come in init_options. Every step is recorded; the first failure
-- ends the run with the error recorded (the test reports it).

local server = assert(os.getenv('OPSDOCS_SERVER'), 'OPSDOCS_SERVER')
local root = assert(os.getenv('OPSDOCS_ROOT'), 'OPSDOCS_ROOT')
local out = assert(os.getenv('OPSDOCS_OUT'), 'OPSDOCS_OUT')
local timeout = tonumber(os.getenv('OPSDOCS_TIMEOUT_MS') or '15000')
local RUNBOOK = root .. '/docs/runbooks/restart.md'

local result = { steps = {} }

local function write_result()
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
end

--- The diagnostics Neovim holds for a buffer, as it shows them (0-based, byte columns).
local function diagnostics(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(list, {
      code = d.code,
      severity = d.severity,
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      message = d.message,
    })
  end
  table.sort(list, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    return a.col < b.col
  end)
  return list
end

local function wait_for(what, predicate)
  if not vim.wait(timeout, predicate, 50) then error('timed out waiting for ' .. what, 0) end
end

local function run()
  local capabilities = vim.lsp.protocol.make_client_capabilities()
  capabilities.workspace.configuration = false
  capabilities.workspace.didChangeWatchedFiles = nil
  local client_id = vim.lsp.start_client({
    name = 'opsdocs',
    cmd = { 'node', server, '--stdio' },
    root_dir = root,
    capabilities = capabilities,
    init_options = { settings = { opsdocs = { today = '2026-11-26' } } },
  })
  if not client_id then error('vim.lsp.start_client failed', 0) end

  vim.cmd('edit ' .. vim.fn.fnameescape(RUNBOOK))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)

  -- 1. The diagnostics of the runbook.
  wait_for('the diagnostics of the runbook', function() return #vim.diagnostic.get(bufnr) == 3 end)
  result.steps.opened = diagnostics(bufnr)
  result.executeCommandProvider = client.server_capabilities.executeCommandProvider

  -- 2. A file created on disk (the runbook's missing link target): its finding goes.
  local f = assert(io.open(root .. '/docs/runbooks/drain.md', 'w'))
  f:write('---\ntitle: Drain the workers\nowner: platform\nlast_reviewed: 2026-11-01\n---\n'
    .. '# Drain the workers\n\n## Overview\n## Steps\n## Rollback\n## Escalation\n')
  f:close()
  wait_for('the diagnostics after the file was created', function() return #vim.diagnostic.get(bufnr) == 2 end)
  result.steps.created = diagnostics(bufnr)

  -- 3. The quick fix of the misspelt anchor, asked for and applied as vim.lsp.buf.code_action() does.
  local anchor
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == 'links/missing-anchor' then anchor = d end
  end
  if not anchor then error('no links/missing-anchor diagnostic', 0) end
  -- The request :lua vim.lsp.buf.code_action() sends with the cursor on the diagnostic.
  vim.api.nvim_win_set_cursor(0, { anchor.lnum + 1, anchor.col })
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr) }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, timeout)
  local actions = responses and responses[client_id] and responses[client_id].result or {}
  result.actions = {}
  local chosen
  for _, a in ipairs(actions) do
    table.insert(result.actions, { title = a.title, kind = a.kind, isPreferred = a.isPreferred })
    if a.kind == 'quickfix' and a.isPreferred and not chosen then chosen = a end
  end
  if not chosen then error('no preferred quick fix offered', 0) end
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
  result.fixedLine = vim.api.nvim_buf_get_lines(bufnr, anchor.lnum, anchor.lnum + 1, false)[1]
  wait_for('the diagnostics after the fix', function() return #vim.diagnostic.get(bufnr) == 1 end)
  result.steps.fixed = diagnostics(bufnr)

  -- 4. The code lens command, run by the server (Neovim asks only a server that offers it).
  local reply = vim.lsp.buf_request_sync(bufnr, 'workspace/executeCommand', {
    command = 'opsdocs.findReferences',
    arguments = { vim.uri_from_fname(root .. '/docs/runbooks/drain.md'), { line = 5, character = 0 } },
  }, timeout)
  local refs = reply and reply[client_id] or {}
  if refs.err then error('workspace/executeCommand: ' .. vim.inspect(refs.err), 0) end
  result.references = refs.result
end

local ok, err = pcall(run)
if not ok then result.error = tostring(err) end
pcall(write_result)
vim.lsp.stop_client(vim.lsp.get_active_clients())
vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
vim.cmd(ok and 'qall!' or 'cquit!')
