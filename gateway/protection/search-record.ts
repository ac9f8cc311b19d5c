import { createHmac } from 'node:crypto';
import { getArgumentValues } from 'graphql/execution/values';
import { emailKey, nameKey, phoneKey } from '../../systems/oltp/search-keys';
import type { AuditSearch } from '../audit/audit-record';
import { ClientSelections } from './client-selections';
import type { OperationAnalysis } from './operation-analysis';

/** The root field that searches customers: each of its uses is recorded as a search. */
const SEARCH_FIELD = 'findCustomers';
const KINDS = ['accountNumber', 'email', 'phone', 'nameAndPostalCode'] as const;

/**
 * The key the search terms are hashed with: derived from a secret only the services hold (the internal
 * token secret), for this use alone. Without it a hash of a phone number could be reversed by trying
 * every number; with it the trail proves which term was searched only to someone holding the secret.
 */
export function searchTermKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('customer-graph audit: search terms').digest();
}

/**
 * The searches an operation ran, for its audit record: per `findCustomers` the client selected (aliases,
 * fragments, @skip/@include as GraphQL reads them), the kind of term and the term's keyed hash, never the
 * term. The term is normalised as the crm compares it (an e-mail in another case, a phone number in another
 * spelling, is the same hash). A search that named no kind or several is `invalid`, its arguments hashed whole.
 */
export function searchesOf(analysis: OperationAnalysis, variables: Record<string, unknown>, key: Buffer): AuditSearch[] {
  const selections = new ClientSelections(analysis.source, variables, analysis.schema);
  const queryType = analysis.schema.getQueryType();
  if (selections.operation?.operation !== 'query' || !queryType) return [];
  const definition = queryType.getFields()[SEARCH_FIELD];
  if (!definition) return [];
  const searches: AuditSearch[] = [];
  for (const [, fields] of selections.collect([selections.operation.selectionSet], queryType.name)) {
    for (const field of fields) {
      // One the gateway withheld (FORBIDDEN before planning) never reached the crm: nothing was searched.
      if (field.name.value !== SEARCH_FIELD || analysis.fields.get(field)?.forbidden) continue;
      let by: Record<string, unknown> = {};
      try {
        by = (getArgumentValues(definition, field, variables).by ?? {}) as Record<string, unknown>;
      } catch {
        // Arguments GraphQL refuses never reach the crm: nothing was searched.
        continue;
      }
      searches.push(searchOf(by, key));
    }
  }
  return searches;
}

function searchOf(by: Record<string, unknown>, key: Buffer): AuditSearch {
  const given = KINDS.filter((kind) => by[kind] !== null && by[kind] !== undefined);
  const kind = given.length === 1 ? given[0] : 'invalid';
  return {
    kind,
    termHash: createHmac('sha256', key)
      .update(`${kind}\n${normalised(kind, by)}`)
      .digest('hex'),
  };
}

function normalised(kind: string, by: Record<string, unknown>): string {
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : JSON.stringify(value ?? null));
  switch (kind) {
    case 'accountNumber':
      return text(by.accountNumber).toUpperCase();
    case 'email':
      return emailKey(text(by.email));
    case 'phone':
      return phoneKey(text(by.phone)) ?? text(by.phone);
    case 'nameAndPostalCode': {
      const { name, postalCode } = (by.nameAndPostalCode ?? {}) as { name?: unknown; postalCode?: unknown };
      return `${nameKey(text(name))}\n${text(postalCode)}`;
    }
    default:
      return JSON.stringify(by);
  }
}
