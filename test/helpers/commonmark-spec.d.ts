// Types of the npm package commonmark-spec (the CommonMark spec's examples), which ships none.
declare module 'commonmark-spec' {
  /** One example: its Markdown (tabs written `→`), HTML, section and number. */
  export const tests: { markdown: string; html: string; section: string; number: number }[];
}
