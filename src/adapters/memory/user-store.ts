import type { Organization, User } from '../../ports/model/forge.js';
import type { NewOrganization, NewUser, Owner, UserStore } from '../../ports/user-store.js';
import type { MemoryState, MemoryTables } from './state.js';

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function findOwnerIn(tables: MemoryTables, name: string): Owner | undefined {
  const user = [...tables.users.values()].find((u) => sameName(u.name, name));
  if (user) return { kind: 'user', user: structuredClone(user) };
  const org = [...tables.organizations.values()].find((o) => sameName(o.name, name));
  return org ? { kind: 'org', org: structuredClone(org) } : undefined;
}

/** In-memory users and organisations sharing one case-insensitive owner namespace. */
export class MemoryUserStore implements UserStore {
  constructor(private readonly state: MemoryState) {}

  createUser(input: NewUser): Promise<User | 'name_taken'> {
    return this.state.transaction((tables) => {
      if (findOwnerIn(tables, input.name)) return 'name_taken';
      const user: User = { id: this.state.nextId('users'), ...input };
      tables.users.set(user.id, user);
      return structuredClone(user);
    });
  }

  createOrganization(input: NewOrganization): Promise<Organization | 'name_taken'> {
    return this.state.transaction((tables) => {
      if (findOwnerIn(tables, input.name)) return 'name_taken';
      const org: Organization = { id: this.state.nextId('organizations'), ...input };
      tables.organizations.set(org.id, org);
      return structuredClone(org);
    });
  }

  async getUserByName(name: string): Promise<User | undefined> {
    const user = [...this.state.tables.users.values()].find((u) => sameName(u.name, name));
    return user && structuredClone(user);
  }

  async getUserById(id: number): Promise<User | undefined> {
    const user = this.state.tables.users.get(id);
    return user && structuredClone(user);
  }

  setPasswordHash(userId: number, passwordHash: string): Promise<User | undefined> {
    return this.state.transaction((tables) => {
      const user = tables.users.get(userId);
      if (!user) return undefined;
      user.passwordHash = passwordHash;
      return structuredClone(user);
    });
  }

  async getOrganizationByName(name: string): Promise<Organization | undefined> {
    const org = [...this.state.tables.organizations.values()].find((o) => sameName(o.name, name));
    return org && structuredClone(org);
  }

  async getOrganizationById(id: number): Promise<Organization | undefined> {
    const org = this.state.tables.organizations.get(id);
    return org && structuredClone(org);
  }

  async findOwner(name: string): Promise<Owner | undefined> {
    return findOwnerIn(this.state.tables, name);
  }
}
