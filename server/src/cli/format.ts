import type { Finding } from '../core/types.js';
import { RULES } from '../core/checks/index.js';
import { escapeControls, jsonWithoutControls } from './controls.js';

/** Output formats of `opsdocs check`. */
export const FORMATS = ['pretty', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

/** A finding with 1-based positions, as every machine format writes it. */
export interface FlatFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Finding['severity'];
  rule: string;
  message: string;
}

export function flatten(f: Finding): FlatFinding {
  return {
    file: f.file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    severity: f.severity,
    rule: f.rule,
    message: f.message,
  };
}

/** The last line of the pretty format: how many findings of each severity in how many files. */
export function summary(findings: Finding[], checked: number): string {
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  const files = new Set(findings.map((f) => f.file)).size;
  const parts = [`${count('error')} error(s)`, `${count('warning')} warning(s)`];
  const info = count('info') + count('hint');
  if (info) parts.push(`${info} note(s)`);
  return findings.length === 0
    ? `No findings in ${checked} Markdown file(s).`
    : `${findings.length} finding(s) in ${files} file(s): ${parts.join(', ')}. ${checked} Markdown file(s) checked.`;
}

function pretty(findings: Finding[], checked: number): string {
  const rows = findings
    .map(flatten)
    .map((f) => ({ ...f, file: escapeControls(f.file), message: escapeControls(f.message) }))
    .map((f) => `${f.file}:${f.line}:${f.column}  ${f.severity.padEnd(7)}  ${f.message}  ${f.rule}`);
  return (
    [...rows, rows.length ? '' : undefined, summary(findings, checked)]
      .filter((l) => l !== undefined)
      .join('\n') + '\n'
  );
}

const SARIF_LEVEL: Record<Finding['severity'], string> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  hint: 'note',
};

/** SARIF 2.1.0 as GitHub code scanning reads it. */
export function sarif(findings: Finding[], version: string): object {
  const ruleIds = [...RULES.keys()];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'OpsDocs',
            version,
            informationUri: 'https://github.com/opsdocs/opsdocs',
            rules: ruleIds.map((id) => ({
              id,
              name: id.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()),
              shortDescription: { text: RULES.get(id)!.summary },
              defaultConfiguration: { level: SARIF_LEVEL[RULES.get(id)!.severity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => {
          const x = flatten(f);
          return {
            ruleId: f.rule,
            ruleIndex: Math.max(0, ruleIds.indexOf(f.rule)),
            level: SARIF_LEVEL[f.severity],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: encodeURI(f.file), uriBaseId: '%SRCROOT%' },
                  region: {
                    startLine: x.line,
                    startColumn: x.column,
                    endLine: x.endLine,
                    endColumn: Math.max(x.endColumn, x.line === x.endLine ? x.column + 1 : 1),
                  },
                },
              },
            ],
          };
        }),
      },
    ],
  };
}

const escData = (s: string) =>
  escapeControls(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escProp = (s: string) => escData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const GH_LEVEL: Record<Finding['severity'], string> = {
  error: 'error',
  warning: 'warning',
  info: 'notice',
  hint: 'notice',
};

/** GitHub Actions workflow commands: annotations on the pull request. */
function github(findings: Finding[]): string {
  return findings
    .map(flatten)
    .map(
      (f) =>
        `::${GH_LEVEL[f.severity]} file=${escProp(f.file)},line=${f.line},col=${f.column},endLine=${f.endLine},endColumn=${f.endColumn},title=${escProp(f.rule)}::${escData(f.message)}`,
    )
    .map((l) => l + '\n')
    .join('');
}

/** Renders findings in one of the {@link FORMATS}. */
export function render(format: Format, findings: Finding[], checked: number, version: string): string {
  switch (format) {
    case 'json':
      return jsonWithoutControls(JSON.stringify({ findings: findings.map(flatten) }, null, 2)) + '\n';
    case 'sarif':
      return jsonWithoutControls(JSON.stringify(sarif(findings, version), null, 2)) + '\n';
    case 'github':
      return github(findings);
    default:
      return pretty(findings, checked);
  }
}
