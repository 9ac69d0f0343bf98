/** DEFAULT MOID ServerURI (K-CMD): where to HGET an MO from when a local application needs it and it is missing. */

export interface DefaultSource {
  moid: string;
  serverUri: string;
  srvId: string;
}

export class DefaultRegistry {
  private readonly sources = new Map<string, DefaultSource>();

  set(source: DefaultSource): void {
    this.sources.set(source.moid, source);
  }

  get(moid: string): DefaultSource | undefined {
    return this.sources.get(moid);
  }

  list(): DefaultSource[] {
    return [...this.sources.values()];
  }

  clear(): void {
    this.sources.clear();
  }
}
