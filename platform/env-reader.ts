/**
 * Reads configuration from environment variables and collects every bad value,
 * so that a misconfigured process stops at start with one message naming each
 * problem instead of failing later on the request path.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Env = process.env) {}

  string(name: string, fallback: string): string {
    const value = this.raw(name);
    return value ?? fallback;
  }

  port(name: string, fallback: number): number {
    return this.integer(name, fallback, { min: 0, max: 65535 });
  }

  integer(name: string, fallback: number, range: { min: number; max: number }): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value) || parsed < range.min || parsed > range.max) {
      this.reject(`${name} must be an integer from ${range.min} to ${range.max} (got "${value}")`);
      return fallback;
    }
    return parsed;
  }

  url(name: string, fallback: string, protocols: string[] = ['http:', 'https:']): string {
    const value = this.optionalUrl(name, protocols);
    return value ?? fallback;
  }

  optionalUrl(name: string, protocols: string[]): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      this.reject(`${name} must be a URL (got "${value}")`);
      return undefined;
    }
    if (!protocols.includes(parsed.protocol)) {
      this.reject(`${name} must use ${protocols.join(' or ')} (got "${parsed.protocol}")`);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      this.reject(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
      return fallback;
    }
    return value as T;
  }

  /** Records a problem found by the caller while combining several values. */
  reject(problem: string): void {
    if (!this.problems.includes(problem)) this.problems.push(problem);
  }

  /** Throws one ConfigError naming every bad value read so far. */
  assertValid(): void {
    if (this.problems.length > 0) throw new ConfigError([...this.problems]);
  }

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }
}
