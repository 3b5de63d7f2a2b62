// Word lists for generated catalog and customers. Royal Equips sells equestrian, stable and
// outdoor gear; each product type carries its option axes, a price range and a typical price
// elasticity (necessities are less elastic than accessories).

export interface ProductTypeSpec {
  type: string;
  code: string; // SKU prefix
  nouns: string[];
  priceRange: [number, number];
  /** Mean price elasticity of the type's variants. */
  elasticity: number;
  options: { name: string; values: string[] }[];
  /** Relative share of the catalog. */
  weight: number;
}

const COLORS = ["Black", "Navy", "Brown", "Grey", "Burgundy", "Forest Green", "White", "Tan", "Royal Blue", "Plum"];
const HORSE_SIZES = ["Pony", "Cob", "Full", "Oversize"];
const APPAREL_SIZES = ["XS", "S", "M", "L", "XL", "XXL"];
const RUG_SIZES = ["5'6\"", "5'9\"", "6'0\"", "6'3\"", "6'6\"", "6'9\"", "7'0\""];
const BOOT_SIZES = ["5", "6", "7", "8", "9", "10", "11", "12"];
const WAIST_SIZES = ["24", "26", "28", "30", "32", "34", "36"];

export const PRODUCT_TYPES: ProductTypeSpec[] = [
  { type: "Saddle Pad", code: "SPD", nouns: ["Saddle Pad", "Dressage Pad", "Jump Pad"], priceRange: [29, 95], elasticity: -2.2, options: [{ name: "Size", values: HORSE_SIZES }, { name: "Color", values: COLORS }], weight: 8 },
  { type: "Riding Helmet", code: "HLM", nouns: ["Riding Helmet", "Skull Cap", "Show Helmet"], priceRange: [59, 320], elasticity: -1.3, options: [{ name: "Size", values: ["XS", "S", "M", "L", "XL"] }, { name: "Color", values: ["Black", "Navy", "Brown", "White"] }], weight: 5 },
  { type: "Bridle", code: "BRD", nouns: ["Bridle", "Snaffle Bridle", "Double Bridle", "Headcollar"], priceRange: [35, 260], elasticity: -1.7, options: [{ name: "Size", values: HORSE_SIZES }, { name: "Color", values: ["Black", "Brown", "Havana"] }], weight: 6 },
  { type: "Horse Rug", code: "RUG", nouns: ["Turnout Rug", "Stable Rug", "Fleece Cooler", "Fly Sheet"], priceRange: [49, 289], elasticity: -1.9, options: [{ name: "Size", values: RUG_SIZES }, { name: "Weight", values: ["Lite", "Medium", "Heavy"] }], weight: 7 },
  { type: "Grooming", code: "GRM", nouns: ["Body Brush", "Curry Comb", "Mane Comb", "Hoof Pick", "Grooming Kit", "Sweat Scraper"], priceRange: [5, 45], elasticity: -2.6, options: [{ name: "Color", values: COLORS }], weight: 9 },
  { type: "Riding Gloves", code: "GLV", nouns: ["Riding Gloves", "Winter Gloves", "Show Gloves"], priceRange: [14, 69], elasticity: -2.4, options: [{ name: "Size", values: APPAREL_SIZES }, { name: "Color", values: ["Black", "Brown", "White", "Navy"] }], weight: 6 },
  { type: "Breeches", code: "BRC", nouns: ["Breeches", "Riding Tights", "Jodhpurs"], priceRange: [45, 210], elasticity: -1.8, options: [{ name: "Waist", values: WAIST_SIZES }, { name: "Color", values: ["Black", "Navy", "Beige", "White", "Grey"] }], weight: 6 },
  { type: "Riding Boots", code: "BOT", nouns: ["Riding Boots", "Paddock Boots", "Yard Boots", "Half Chaps"], priceRange: [59, 590], elasticity: -1.4, options: [{ name: "Size", values: BOOT_SIZES }, { name: "Color", values: ["Black", "Brown"] }], weight: 5 },
  { type: "Fly Protection", code: "FLY", nouns: ["Fly Mask", "Fly Fringe", "Fly Spray", "Ear Bonnet"], priceRange: [9, 49], elasticity: -2.1, options: [{ name: "Size", values: HORSE_SIZES }], weight: 5 },
  { type: "Supplements", code: "SUP", nouns: ["Hoof Supplement", "Joint Supplement", "Electrolytes", "Calming Blend", "Coat Oil"], priceRange: [12, 79], elasticity: -1.1, options: [{ name: "Size", values: ["500 g", "1 kg", "3 kg", "5 kg"] }], weight: 7 },
  { type: "Treats", code: "TRT", nouns: ["Horse Treats", "Apple Bites", "Carrot Crunchies", "Mint Stars", "Lick Block"], priceRange: [4, 29], elasticity: -2.8, options: [{ name: "Size", values: ["250 g", "1 kg", "3 kg"] }], weight: 6 },
  { type: "Lead Rope", code: "LRP", nouns: ["Lead Rope", "Lunge Line", "Lead Rein"], priceRange: [8, 39], elasticity: -2.3, options: [{ name: "Color", values: COLORS }], weight: 4 },
  { type: "Stable Equipment", code: "STB", nouns: ["Stable Bucket", "Hay Net", "Feed Scoop", "Tack Trunk", "Saddle Rack", "Water Trough"], priceRange: [7, 420], elasticity: -1.5, options: [], weight: 6 },
  { type: "Jacket", code: "JKT", nouns: ["Rain Jacket", "Show Jacket", "Gilet", "Softshell Jacket", "Parka"], priceRange: [49, 299], elasticity: -1.9, options: [{ name: "Size", values: APPAREL_SIZES }, { name: "Color", values: COLORS }], weight: 5 },
  { type: "Accessories", code: "ACC", nouns: ["Beanie", "Riding Socks", "Stock Tie", "Hairnet", "Belt", "Tote Bag", "Water Bottle"], priceRange: [6, 59], elasticity: -2.5, options: [{ name: "Color", values: COLORS }], weight: 7 },
  { type: "Outdoor", code: "OUT", nouns: ["Backpack", "Camping Lantern", "Trail Map Case", "Head Torch", "Saddle Bag", "First Aid Kit"], priceRange: [12, 189], elasticity: -2.0, options: [{ name: "Color", values: ["Black", "Olive", "Sand", "Orange"] }], weight: 4 },
];

export const ADJECTIVES = [
  "Classic", "Premium", "Pro", "Elite", "Royal", "Heritage", "Comfort", "Lightweight", "Deluxe", "Essential",
  "Performance", "Signature", "Competition", "Everyday", "Trail", "Winter", "Summer", "Breathable", "Ergonomic", "Vintage",
];

export const MATERIALS = [
  "Leather", "Cotton", "Fleece", "Mesh", "Waterproof", "Quilted", "Merino", "Bamboo", "Padded", "Reflective",
  "Suede", "Nylon", "Softshell", "Organic", "Gel",
];

export const VENDORS = [
  "Royal Equips", "Stallion & Co", "Hoofbeat", "Paddock Pro", "Trailhead Supply", "EquiLux", "Bridlewood",
  "Northfield Saddlery", "Canter Gear", "Meadowline", "Gallop Works", "Ironshoe",
];

export const DESCRIPTION_SENTENCES = [
  "Made to last through daily use in the yard and the arena.",
  "Tested by riders in all weathers.",
  "Easy to clean and quick to dry.",
  "Designed with comfort for both horse and rider in mind.",
  "A favourite with competition riders.",
  "Backed by a two-year warranty.",
  "Packed in recycled materials.",
  "Fits most standard tack and equipment.",
];

export const FIRST_NAMES = [
  "Emma", "Olivia", "Ava", "Sophia", "Isabella", "Mia", "Charlotte", "Amelia", "Harper", "Evelyn", "Abigail", "Emily",
  "Ella", "Grace", "Chloe", "Lily", "Hannah", "Zoe", "Nora", "Riley", "Liam", "Noah", "William", "James", "Oliver",
  "Benjamin", "Lucas", "Henry", "Alexander", "Daniel", "Matthew", "Jack", "Samuel", "David", "Joseph", "Carter",
  "Sofia", "Camila", "Lucia", "Mateo", "Diego", "Priya", "Aisha", "Mei", "Yuki", "Anna", "Sarah", "Laura", "Megan",
  "Jessica", "Rachel", "Katie", "Claire", "Lauren", "Paige", "Brooke", "Taylor", "Morgan", "Jordan", "Casey",
];

export const LAST_NAMES = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez",
  "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White",
  "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker",
  "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Parker",
  "Collins", "Edwards", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed",
  "Bailey", "Kelly", "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "Hughes",
];

export const STREETS = [
  "Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Pine St", "Elm St", "Washington Ave", "Lake Rd", "Hill St",
  "Park Ave", "Meadow Ln", "Stable Rd", "Bridle Path", "Farm Rd", "River Rd", "Church St", "Mill Rd", "Sunset Blvd",
];

export interface CitySpec {
  city: string;
  province: string; // state / province code
  countryCode: string;
  zipPrefix: string;
  weight: number;
  /** Sales tax rate the shop charges for this destination. */
  taxRate: number;
}

// Rates are simplified combined state+local sales tax / VAT figures, good enough for a dev store.
export const CITIES: CitySpec[] = [
  { city: "Lexington", province: "KY", countryCode: "US", zipPrefix: "405", weight: 6, taxRate: 0.06 },
  { city: "Louisville", province: "KY", countryCode: "US", zipPrefix: "402", weight: 4, taxRate: 0.06 },
  { city: "Ocala", province: "FL", countryCode: "US", zipPrefix: "344", weight: 6, taxRate: 0.07 },
  { city: "Wellington", province: "FL", countryCode: "US", zipPrefix: "334", weight: 5, taxRate: 0.07 },
  { city: "Miami", province: "FL", countryCode: "US", zipPrefix: "331", weight: 3, taxRate: 0.07 },
  { city: "Aiken", province: "SC", countryCode: "US", zipPrefix: "298", weight: 3, taxRate: 0.08 },
  { city: "Middleburg", province: "VA", countryCode: "US", zipPrefix: "201", weight: 3, taxRate: 0.053 },
  { city: "Richmond", province: "VA", countryCode: "US", zipPrefix: "232", weight: 2, taxRate: 0.053 },
  { city: "Austin", province: "TX", countryCode: "US", zipPrefix: "787", weight: 4, taxRate: 0.0825 },
  { city: "Fort Worth", province: "TX", countryCode: "US", zipPrefix: "761", weight: 4, taxRate: 0.0825 },
  { city: "Houston", province: "TX", countryCode: "US", zipPrefix: "770", weight: 3, taxRate: 0.0825 },
  { city: "Scottsdale", province: "AZ", countryCode: "US", zipPrefix: "852", weight: 3, taxRate: 0.08 },
  { city: "Los Angeles", province: "CA", countryCode: "US", zipPrefix: "900", weight: 4, taxRate: 0.095 },
  { city: "San Diego", province: "CA", countryCode: "US", zipPrefix: "921", weight: 3, taxRate: 0.0775 },
  { city: "Sacramento", province: "CA", countryCode: "US", zipPrefix: "958", weight: 2, taxRate: 0.0875 },
  { city: "Denver", province: "CO", countryCode: "US", zipPrefix: "802", weight: 3, taxRate: 0.0881 },
  { city: "Portland", province: "OR", countryCode: "US", zipPrefix: "972", weight: 2, taxRate: 0 },
  { city: "Seattle", province: "WA", countryCode: "US", zipPrefix: "981", weight: 2, taxRate: 0.1025 },
  { city: "Brooklyn", province: "NY", countryCode: "US", zipPrefix: "112", weight: 4, taxRate: 0.08875 },
  { city: "Saratoga Springs", province: "NY", countryCode: "US", zipPrefix: "128", weight: 2, taxRate: 0.07 },
  { city: "Princeton", province: "NJ", countryCode: "US", zipPrefix: "085", weight: 3, taxRate: 0.06625 },
  { city: "Newark", province: "NJ", countryCode: "US", zipPrefix: "071", weight: 2, taxRate: 0.06625 },
  { city: "Boston", province: "MA", countryCode: "US", zipPrefix: "021", weight: 2, taxRate: 0.0625 },
  { city: "Chicago", province: "IL", countryCode: "US", zipPrefix: "606", weight: 3, taxRate: 0.1025 },
  { city: "Columbus", province: "OH", countryCode: "US", zipPrefix: "432", weight: 2, taxRate: 0.075 },
  { city: "Nashville", province: "TN", countryCode: "US", zipPrefix: "372", weight: 2, taxRate: 0.0925 },
  { city: "Wilmington", province: "DE", countryCode: "US", zipPrefix: "198", weight: 1, taxRate: 0 },
  { city: "Toronto", province: "ON", countryCode: "CA", zipPrefix: "M5V", weight: 2, taxRate: 0.13 },
  { city: "Calgary", province: "AB", countryCode: "CA", zipPrefix: "T2P", weight: 1, taxRate: 0.05 },
  { city: "London", province: "ENG", countryCode: "GB", zipPrefix: "SW1", weight: 1, taxRate: 0.2 },
];
