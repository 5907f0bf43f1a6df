/** A configuration variable (`vars` context): plain text, never masked, never secret. */
export interface Variable {
  id: number;
  repoId: number | null;
  orgId: number | null;
  name: string;
  value: string;
  createdAt: Date;
  updatedAt: Date;
}
