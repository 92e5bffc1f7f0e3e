/** Text a person typed: no NUL or other control characters but tab and new line, no lone surrogates. */
export function isPlainText(value: string): boolean {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return value.isWellFormed() && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u.test(value);
}
