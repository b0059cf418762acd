/** Line breaks and control characters in a ConnectWise value would break the lines of a text or a terminal. */
export function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
}
