/** An IUT in a container (testcontainers), host network: filled in by the container adapter work. */
import type { IutInstance } from './iut-instance.ts';

export async function startContainerIut(_spec: { image?: string; build?: { context: string; dockerfile?: string }; command?: string[]; env?: Record<string, string> }, _utUrl: string): Promise<IutInstance> {
  throw new Error('container adapters are not available yet');
}
