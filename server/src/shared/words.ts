/** `1 finding`, `3 findings`, `2 policies`: a count with its noun, in the singular or the plural. */
export const countOf = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
