import type { Organization, User } from './model/forge.js';

/** Fields of a user to insert; the store assigns the id. */
export interface NewUser {
  name: string;
  passwordHash: string | null;
  isAdmin: boolean;
  createdAt: Date;
}

/** Fields of an organisation to insert; the store assigns the id. */
export interface NewOrganization {
  name: string;
  createdAt: Date;
}

/** Who owns a name in the shared owner namespace (users and organisations). */
export type Owner = { kind: 'user'; user: User } | { kind: 'org'; org: Organization };

/**
 * Users and organisations. They share one owner namespace: a name, compared
 * case-insensitively, belongs to at most one user or organisation.
 */
export interface UserStore {
  /**
   * Atomically inserts the user unless a user or organisation already has the name
   * (case-insensitively); two concurrent callers with the same name never both succeed.
   */
  createUser(input: NewUser): Promise<User | 'name_taken'>;
  /** Same rule as `createUser`, for an organisation. */
  createOrganization(input: NewOrganization): Promise<Organization | 'name_taken'>;
  /** The user with this name, compared case-insensitively. */
  getUserByName(name: string): Promise<User | undefined>;
  /** The user with this id. */
  getUserById(id: number): Promise<User | undefined>;
  /** Replaces the user's password hash; the updated user, or undefined when there is none. */
  setPasswordHash(userId: number, passwordHash: string): Promise<User | undefined>;
  /** The organisation with this name, compared case-insensitively. */
  getOrganizationByName(name: string): Promise<Organization | undefined>;
  /** The organisation with this id. */
  getOrganizationById(id: number): Promise<Organization | undefined>;
  /** The user or organisation owning `name` (case-insensitive), if any. */
  findOwner(name: string): Promise<Owner | undefined>;
}
