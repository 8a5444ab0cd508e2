/** Turns a literal message object into the shape a translation must fill: the same keys, any strings. */
export type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
