/** A byte count as people read it in a reason: "1 MiB", "4.50 MiB", "812.3 KiB", "37 bytes". */
export function bytesText(n: number): string {
  const unit = (value: number, name: string) => `${Number.isInteger(value) ? value : value.toFixed(value < 10 ? 2 : 1)} ${name}`;
  if (n >= 1024 * 1024 * 1024) return unit(n / (1024 * 1024 * 1024), 'GiB');
  if (n >= 1024 * 1024) return unit(n / (1024 * 1024), 'MiB');
  if (n >= 1024) return unit(n / 1024, 'KiB');
  return n === 1 ? '1 byte' : `${n} bytes`;
}
