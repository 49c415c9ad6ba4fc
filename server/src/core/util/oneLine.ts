/**
 * A character that breaks a line, or may, somewhere a one-line text a user typed ends up: C0 and
 * C1 control characters (LF, CR, NUL; NEL, which YAML 1.1 reads as a line break), DEL, and the
 * Unicode line and paragraph separators (a line break in JavaScript, in an editor, and in
 * YAML 1.1). A title, a heading, a script's description are refused with one.
 */
// eslint-disable-next-line no-control-regex
export const NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
