import { availabilitySection } from '/work/main/tests/bench/availability-section';
console.log(availabilitySection.name);
await availabilitySection.run();
