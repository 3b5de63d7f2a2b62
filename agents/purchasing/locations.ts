// The shop's locations by name: the mirror keeps stock per location id only, and merchants know
// their locations by name ("Main Warehouse"), so receiving and the Inventory page ask the store.
import type { ToolContext } from "../core/context";

const LOCATIONS = /* GraphQL */ `#graphql
  query PurchasingLocations {
    locations(first: 50) {
      nodes { id name }
    }
  }
`;

export interface ShopLocation {
  id: string;
  name: string;
}

/** Location names by numeric id; falls back to "Location <id>" names when the store cannot be reached. */
export async function shopLocations(ctx: Pick<ToolContext, "admin" | "logger">): Promise<Map<string, string>> {
  try {
    const data = await ctx.admin.graphql(LOCATIONS, {});
    return new Map(data.locations.nodes.map((l) => [l.id.split("/").pop()!, l.name]));
  } catch (error) {
    ctx.logger.warn({ err: error }, "reading the shop's locations failed; showing ids");
    return new Map();
  }
}

export const locationName = (names: Map<string, string>, id: string) => names.get(id) ?? `Location ${id}`;
