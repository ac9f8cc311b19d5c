import { readFileSync } from 'node:fs';
import { parse, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { DEFAULT_SUPERGRAPH_PATH } from '../platform/supergraph-file';
import { buildManifest, clientFolders } from '../gateway/persisted/manifest';
import { apiSchemaFromFile } from '../platform/supergraph-file';
import { fieldRulesFromSdl } from './field-rules';
import { loadPolicy } from './policy';

const policy = loadPolicy();
const apiSchema = apiSchemaFromFile(DEFAULT_SUPERGRAPH_PATH);
const rules = fieldRulesFromSdl(parse(readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8')));

interface Needs {
  scopes: string[];
  purposes: string[];
}

/**
 * What a partner's registered operations need, read from the supergraph's rules: every
 * scope of every classified field they select, the scope that lifts the masking of the
 * masked ones (a partner gets what it registered in full), and the purposes they declare.
 */
function needsOf(clientDir: string): Needs {
  const scopes = new Set<string>();
  const purposes = new Set<string>();
  for (const operation of buildManifest(clientDir, apiSchema, policy).operations) {
    purposes.add(operation.purpose);
    const typeInfo = new TypeInfo(apiSchema);
    visit(
      parse(operation.body),
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const coordinate = `${typeInfo.getParentType()!.name}.${node.name.value}`;
          const rule = rules.get(coordinate);
          if (!rule) return;
          // With several alternative scope sets the least one is a choice to make here, not to guess.
          expect([coordinate, rule.scopes.length]).toEqual([coordinate, 1]);
          for (const scope of rule.scopes[0]) scopes.add(scope);
          const unmask = rule.mask && policy.masking[rule.category.toLowerCase()];
          if (unmask) scopes.add(unmask);
          // An operation whose purpose a field does not allow could never run.
          if (rule.purposes) expect([coordinate, rule.purposes]).toEqual([coordinate, expect.arrayContaining([operation.purpose])]);
        },
      }),
    );
  }
  return { scopes: [...scopes].sort(), purposes: [...purposes].sort() };
}

const partnerRoles = Object.entries(policy.roles).filter(([, role]) => role.clientKind === 'partner');
const folders = clientFolders();

describe('partner roles', () => {
  it('are one per partner client with registered operations, each for that client', () => {
    expect(folders.map((folder) => folder.clientId)).toEqual(['acme-delivery', 'credit-shield']);
    expect(partnerRoles.map(([name, role]) => [name, role.client])).toEqual([
      ['acme_delivery', 'acme-delivery'],
      ['credit_shield', 'credit-shield'],
    ]);
  });

  it('need these scopes and purposes for the registered operations (a new operation is reviewed here)', () => {
    expect(Object.fromEntries(folders.map((folder) => [folder.clientId, needsOf(folder.dir)]))).toEqual({
      'acme-delivery': { scopes: ['contact:read', 'contact:unmasked', 'customer:read'], purposes: ['order_delivery'] },
      'credit-shield': { scopes: ['customer:read', 'risk:read'], purposes: ['credit_insurance'] },
    });
  });

  it.each(folders.map((folder) => [folder.clientId, folder.dir]))(
    'give %s exactly what its registered operations need, no more',
    (clientId, dir) => {
      const roles = partnerRoles.filter(([, role]) => role.client === clientId);
      expect(roles).toHaveLength(1);
      const [, role] = roles[0];
      expect({ scopes: [...role.scopes].sort(), purposes: [...role.purposes].sort() }).toEqual(needsOf(dir));
    },
  );

  it('are all for a client with registered operations (so every partner token npm start prints can run one)', () => {
    for (const [name, role] of partnerRoles) {
      const folder = folders.find((f) => f.clientId === role.client);
      expect([name, folder && buildManifest(folder.dir, apiSchema, policy).operations.length > 0]).toEqual([name, true]);
    }
  });
});
