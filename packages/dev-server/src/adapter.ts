/**
 * oidc-provider storage for one dev server: an in-memory Map per server, entries expiring
 * with their artifact. oidc-provider's own quick-start adapter prints a warning on every
 * start, keeps at most 1000 entries (an LRU, so tokens could vanish in a long test run) and
 * is shared by every provider in the process; this one has none of those traits.
 */

type Payload = Record<string, unknown> & {
  grantId?: string;
  userCode?: string;
  uid?: string;
  consumed?: number;
};

interface Entry {
  value: unknown;
  expiresAt: number;
}

/** Artifacts that a grant revocation removes (refresh token reuse revokes the whole grant). */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

/** Returns an adapter factory (`(model) => adapter`) over one private Map. */
export function createMemoryAdapter(
  now: () => number = Date.now,
): (model: string) => MemoryAdapter {
  const store = new Map<string, Entry>();
  const get = (key: string): unknown => {
    const entry = store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      store.delete(key);
      return undefined;
    }
    return entry.value;
  };
  const set = (key: string, value: unknown, expiresAt: number) => {
    // Sweep expired entries now and then so a long-running server does not grow forever.
    if (store.size > 0 && store.size % 1000 === 0) {
      const t = now();
      for (const [k, e] of store) if (e.expiresAt <= t) store.delete(k);
    }
    store.set(key, { value, expiresAt });
  };
  return (model: string) => new MemoryAdapter(model, get, set, (key) => store.delete(key), now);
}

export class MemoryAdapter {
  constructor(
    private readonly model: string,
    private readonly get: (key: string) => unknown,
    private readonly set: (key: string, value: unknown, expiresAt: number) => void,
    private readonly remove: (key: string) => void,
    private readonly now: () => number,
  ) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
    const expiresAt = typeof expiresIn === 'number' ? this.now() + expiresIn * 1000 : Infinity;
    const key = this.key(id);
    if (this.model === 'Session' && typeof payload.uid === 'string') {
      this.set(`sessionUid:${payload.uid}`, id, expiresAt);
    }
    if (typeof payload.userCode === 'string') {
      this.set(`userCode:${payload.userCode}`, id, expiresAt);
    }
    if (GRANTABLE.has(this.model) && typeof payload.grantId === 'string') {
      const grantKey = `grant:${payload.grantId}`;
      const members = (this.get(grantKey) as Set<string> | undefined) ?? new Set<string>();
      members.add(key);
      this.set(grantKey, members, Infinity);
    }
    this.set(key, payload, expiresAt);
  }

  async find(id: string): Promise<Payload | undefined> {
    return this.get(this.key(id)) as Payload | undefined;
  }

  async findByUid(uid: string): Promise<Payload | undefined> {
    const id = this.get(`sessionUid:${uid}`);
    return typeof id === 'string' ? this.find(id) : undefined;
  }

  async findByUserCode(userCode: string): Promise<Payload | undefined> {
    const id = this.get(`userCode:${userCode}`);
    return typeof id === 'string' ? this.find(id) : undefined;
  }

  async consume(id: string): Promise<void> {
    const payload = await this.find(id);
    if (payload) payload.consumed = Math.floor(this.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.remove(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const grantKey = `grant:${grantId}`;
    const members = this.get(grantKey) as Set<string> | undefined;
    for (const key of members ?? []) this.remove(key);
    this.remove(grantKey);
  }
}
