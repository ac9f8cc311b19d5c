import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'graphql';
import { fromProjectRoot } from '../platform/project-root';
import * as fieldClasses from './field-classes';
import { type FieldRule, fieldRulesFromSdl } from './field-rules';

const { CONTACT_PURPOSES, ...classes } = fieldClasses;
const declared = fieldRulesFromSdl(parse(readFileSync(fromProjectRoot('schema', 'supergraph.graphql'), 'utf8')));

/** A rule with every key present, so that a missing key and an undefined one compare equal. */
const normalised = ({ category, mask, scopes, purposes, consent }: FieldRule) => ({ category, mask, scopes, purposes, consent });
const classesOf = (rule: FieldRule) =>
  Object.entries(classes)
    .filter(([, fieldClass]) => isDeepStrictEqual(normalised(fieldClass), normalised(rule)))
    .map(([name]) => name);

describe('field classes', () => {
  it.each([...declared])('%s is classified as exactly one of them', (_coordinate, rule) => {
    expect(classesOf(rule)).toHaveLength(1);
  });

  it.each(Object.keys(classes))('%s classifies some field of the composed schema', (name) => {
    const used = [...declared.values()].some((rule) => classesOf(rule).includes(name));
    expect(used).toBe(true);
  });

  it('let contact data be read only for the contact purposes', () => {
    const contact = Object.values(classes).filter((fieldClass) => fieldClass.category === 'CONTACT');
    expect(contact.length).toBeGreaterThan(0);
    for (const fieldClass of contact) expect(fieldClass.purposes).toEqual(CONTACT_PURPOSES);
  });
});
