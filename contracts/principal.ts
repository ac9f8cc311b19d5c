/** Who is asking, as the gateway verified it and passed it on in the internal token. */
export interface Principal {
  subject: string;
  scopes: string[];
  /** The one purpose this request serves. */
  purpose: string;
  clientId: string;
  clientKind: 'first-party' | 'partner';
}

/** What a data-protection decision needs to know about the principal. */
export interface Caller {
  readonly scopes: ReadonlySet<string>;
  readonly purpose: string;
}

const callers = new WeakMap<Principal, Caller>();

/** The caller a principal is, made once per principal object. */
export function callerOf(principal: Principal): Caller {
  let caller = callers.get(principal);
  if (!caller) {
    caller = { scopes: new Set(principal.scopes), purpose: principal.purpose };
    callers.set(principal, caller);
  }
  return caller;
}

/** Purpose and sorted scopes: principals with the same key get the same data-protection decisions. */
export function callerKey(principal: Principal): string {
  return `${principal.purpose}|${[...principal.scopes].sort().join(' ')}`;
}

/**
 * Everything about a principal, as one string, for caches that must never mix principals. JSON, so that no
 * subject or client id, whatever characters the identity provider lets it hold, can end one field and
 * begin the next: two principals have the same key only if every field is the same.
 */
export function principalKey(principal: Principal): string {
  return JSON.stringify([principal.subject, principal.clientId, principal.clientKind, principal.purpose, [...principal.scopes].sort()]);
}
