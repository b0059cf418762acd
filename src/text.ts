/** Line breaks and control characters in a ConnectWise value would break the lines of a text or a terminal. */
export function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
}

/** Names, items and identifiers compared the way ConnectWise compares them: trimmed, whatever their case. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}
