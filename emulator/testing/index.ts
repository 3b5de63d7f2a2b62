// Public test helpers of the emulator (package entry "@royal-equips/emulator/testing").
export { startSeeded, TEST_TOKEN, TEST_SECRET, TEST_SHOP, type Harness } from "./harness";
export { syntheticSeedStore, type SyntheticOptions } from "./synthetic";
