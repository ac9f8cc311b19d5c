import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { fromProjectRoot } from '../platform/project-root';

export const DEFAULT_POLICY_PATH = fromProjectRoot('policy', 'policy.yaml');

export type EnforcementMode = 'filter' | 'reject';
export type ClientKind = 'first-party' | 'partner';

export interface Role {
  description: string;
  scopes: string[];
  purposes: string[];
  clientKind: ClientKind;
  /** The client id development tokens for this role carry (a partner's persisted-operations folder). */
  client?: string;
  /** The most customers whose data one request may return. */
  maxCustomers: number;
}

/** The largest operation a client kind may send. */
export interface OperationLimits {
  depth: number;
  aliases: number;
  directives: number;
  tokens: number;
  cost: number;
}

/** The data-protection policy: purposes, scopes, roles (bundles of scopes), masking, enforcement and operation limits. */
export interface Policy {
  purposes: Record<string, string>;
  scopes: Record<string, string>;
  /** Category (lower case) → the scope that lifts its masking. */
  masking: Record<string, string>;
  roles: Record<string, Role>;
  enforcement: { firstParty: EnforcementMode; partner: EnforcementMode; clients: Record<string, EnforcementMode> };
  limits: Record<ClientKind, OperationLimits>;
}

export class PolicyError extends Error {}

const cache = new Map<string, Policy>();

/** Reads and checks the policy file; every scope and purpose a role names must be declared. */
export function loadPolicy(path = DEFAULT_POLICY_PATH): Policy {
  const cached = cache.get(path);
  if (cached) return cached;
  // biome-ignore lint/suspicious/noExplicitAny: the YAML as parsed; every value is checked before use
  const raw = parse(readFileSync(path, 'utf8')) as Record<string, any>;
  const problems: string[] = [];
  const purposes = record(raw.purposes, 'purposes', problems);
  const scopes = record(raw.scopes, 'scopes', problems);
  const masking = record(raw.masking, 'masking', problems);
  for (const [category, scope] of Object.entries(masking)) {
    if (!(scope in scopes)) problems.push(`masking.${category} names an undeclared scope "${scope}"`);
  }
  const roles: Record<string, Role> = {};
  // biome-ignore lint/suspicious/noExplicitAny: each role as parsed; every value is checked before use
  for (const [name, value] of Object.entries(record(raw.roles, 'roles', problems) as Record<string, any>)) {
    const role: Role = {
      description: String(value?.description ?? ''),
      scopes: Array.isArray(value?.scopes) ? value.scopes.map(String) : [],
      purposes: Array.isArray(value?.purposes) ? value.purposes.map(String) : [],
      clientKind: value?.client_kind === 'partner' ? 'partner' : 'first-party',
      ...(value?.client === undefined ? {} : { client: String(value.client) }),
      maxCustomers: Number(value?.max_customers),
    };
    for (const scope of role.scopes) if (!(scope in scopes)) problems.push(`roles.${name} names an undeclared scope "${scope}"`);
    for (const purpose of role.purposes)
      if (!(purpose in purposes)) problems.push(`roles.${name} names an undeclared purpose "${purpose}"`);
    if (role.purposes.length === 0) problems.push(`roles.${name} needs at least one purpose`);
    if (!Number.isInteger(role.maxCustomers) || role.maxCustomers < 0) {
      problems.push(
        `roles.${name}.max_customers must be a whole number of customers, 0 or more (got ${JSON.stringify(value?.max_customers)})`,
      );
    }
    if (role.client !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(role.client)) {
      problems.push(
        `roles.${name}.client must be a client id of lower-case letters, digits and dashes (got ${JSON.stringify(value.client)})`,
      );
    }
    roles[name] = role;
  }
  const enforcement = {
    firstParty: mode(raw.enforcement?.['first-party'], 'enforcement.first-party', problems),
    partner: mode(raw.enforcement?.partner, 'enforcement.partner', problems),
    clients: Object.fromEntries(
      Object.entries((raw.enforcement?.clients ?? {}) as Record<string, unknown>).map(([client, value]) => [
        client,
        mode(value, `enforcement.clients.${client}`, problems),
      ]),
    ),
  };
  const limits = {
    'first-party': operationLimits(raw.limits?.['first-party'], 'limits.first-party', problems),
    partner: operationLimits(raw.limits?.partner, 'limits.partner', problems),
  };
  if (problems.length > 0) throw new PolicyError(`Invalid policy ${path}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  const policy: Policy = { purposes, scopes, masking, roles, enforcement, limits };
  cache.set(path, policy);
  return policy;
}

function record(value: unknown, name: string, problems: string[]): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${name} must be a mapping`);
    return {};
  }
  return value as Record<string, string>;
}

function operationLimits(value: unknown, name: string, problems: string[]): OperationLimits {
  const limits = {} as OperationLimits;
  for (const key of ['depth', 'aliases', 'directives', 'tokens', 'cost'] as const) {
    const n = (value as Record<string, unknown> | undefined)?.[key];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
      problems.push(`${name}.${key} must be a positive integer (got ${JSON.stringify(n)})`);
    limits[key] = Number(n);
  }
  return limits;
}

function mode(value: unknown, name: string, problems: string[]): EnforcementMode {
  if (value === 'filter' || value === 'reject') return value;
  problems.push(`${name} must be filter or reject (got ${JSON.stringify(value)})`);
  return 'reject';
}
