// Values for Prisma Json columns: a plain JSON copy (dates become strings, undefined fields drop).
import { Prisma } from "@prisma/client";

/** For optional columns: undefined leaves the column unset. */
export function jsonValue(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}

/** For columns that always get a value: null and undefined are stored as JSON null. */
export function jsonOrNull(value: unknown): Prisma.InputJsonValue | typeof Prisma.JsonNull {
  return value === undefined || value === null
    ? Prisma.JsonNull
    : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}
