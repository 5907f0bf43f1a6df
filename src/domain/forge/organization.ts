/** Organisations: owners of repositories that are not users (SPEC §4). */
import type { Clock } from '../../ports/clock.js';
import type { Organization } from '../../ports/model/forge.js';
import type { UserStore } from '../../ports/user-store.js';
import { conflict, notFound } from '../errors.js';
import { checkOwnerName, quote } from './names.js';

/**
 * Creates an organisation. Its name shares the owner namespace with users: throws
 * `invalid` `org.name_invalid`, or `conflict` `org.name_taken` when a user or
 * organisation already has the name (case-insensitively).
 */
export async function createOrganization(
  deps: { users: UserStore; clock: Clock },
  input: { name: string },
): Promise<Organization> {
  checkOwnerName(input.name, 'org');
  const created = await deps.users.createOrganization({ name: input.name, createdAt: deps.clock.now() });
  if (created === 'name_taken') {
    throw conflict('org.name_taken', `name ${quote(input.name)} is already taken`);
  }
  return created;
}

/** The organisation named `name` (case-insensitive); throws `not_found` `org.not_found`. */
export async function getOrganizationByName(deps: { users: UserStore }, name: string): Promise<Organization> {
  const org = await deps.users.getOrganizationByName(name);
  if (!org) throw notFound('org.not_found', `organization ${quote(name)} not found`);
  return org;
}
