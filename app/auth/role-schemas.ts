/** zod schemas for roles.ts's types, for input at the server's boundaries (forms, CLI, database rows). */
import { z } from "zod";
import { ROLES, type Role, type StadsdelRef } from "./roles.ts";

export const RoleSchema: z.ZodType<Role> = z.enum(ROLES);
export const StadsdelRefSchema = z.object({
  kommun: z.string().trim().min(1).max(100),
  stadsdel: z.string().trim().min(1).max(100),
}) satisfies z.ZodType<StadsdelRef>;
