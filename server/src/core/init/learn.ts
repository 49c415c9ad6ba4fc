import type { Config, KindConfig } from '../config.js';
import type { Detection } from './detect.js';
import { commonFolder } from '../../shared/paths.js';

/**
 * The kinds of `config` after what `detection` found of those that no config declares
 * (`configured`): where their documents are and, when nearly all of them (at least
 * `MIN_DOCS_TO_LEARN`) follow a template of their own, that template — the sections they share
 * and, in place of the built-in schema when they do not have the built-in front matter, the
 * front-matter keys they share; and the team's own status values when the built-in ones do not fit
 * theirs. A folder that follows the built-in shape, a mixed one (half or
 * more on the built-in shape) and a small one keep the built-in shape; the folders of a small one
 * are not taken either. Undefined when nothing changes.
 */
export function learnedKinds(
  config: Config,
  configured: ReadonlySet<string>,
  detection: Detection,
): KindConfig[] | undefined {
  let changed = false;
  const kinds = config.kinds.map((k) => {
    const evidence = detection.kinds.find((e) => e.kind === k.name);
    // The numbering is in the delta only beside other changes (init writes no config for it
    // alone): learned from the evidence.
    const delta = detection.delta.kinds?.[k.name] ?? (evidence?.fileName ? {} : undefined);
    if (!delta || configured.has(k.name)) return k;
    const out: KindConfig = { ...k };
    const learning = !!(evidence?.sectionCounts && evidence.learnedFrom);
    // Where a kind lives is taken from a folder big enough to tell its shape: a few pages under
    // some `runbooks/` folder elsewhere are not held to a template they never saw.
    if (!learning && !evidence?.followsBuiltIn) return k;
    // Pages with no section are left out of a template learned without them, not of the built-in shape.
    const stubs = new Set(learning ? [] : evidence?.stubs);
    const where = commonFolder(evidence?.folders.map((f) => f.folder) ?? []) || '.';
    if (evidence?.fileName) {
      const { pattern, has, docs } = evidence.fileName;
      Object.assign(out, { fileName: pattern, learnedFileName: { has, docs, where } });
    }
    if (delta.include) out.include = delta.include;
    if (delta.statuses) {
      out.statuses = delta.statuses;
      out.learnedStatuses = Object.keys(evidence?.statuses ?? {});
    }
    // The meanings of the team's words stay where no schema lists the values (its own template).
    for (const key of ['doneStatuses', 'blockedStatuses', 'supersededStatuses'] as const)
      if (delta[key]) out[key] = delta[key];
    if (delta.exclude) out.exclude = delta.exclude.filter((g) => !stubs.has(g));
    if (evidence?.sectionCounts && evidence.learnedFrom) {
      if (delta.schema !== undefined) out.schema = delta.schema;
      out.sections = delta.sections;
      if (delta.frontMatter) out.frontMatter = delta.frontMatter;
      out.learned = {
        docs: evidence.learnedFrom,
        where,
        sections: evidence.sectionCounts,
        fields: evidence.fieldCounts,
      };
    }
    changed = true;
    return out;
  });
  return changed ? kinds : undefined;
}
