/**
 * A verdict reason with what changes from run to run taken out (numbers: ports, timings, IDs; the
 * harness's fixture names), so two reasons for the same cause compare equal: the circuit breaker
 * groups INCONC reasons by it, a diff reports a verdict that stayed but whose reason changed, and
 * the HTML report folds cases of one verdict and one reason key into one row (html-case-groups.ts).
 */
export function reasonKey(reason: string): string {
  return reason
    .replace(/dmcts-[a-z0-9-]+/gi, '<fixture>')
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 160);
}
