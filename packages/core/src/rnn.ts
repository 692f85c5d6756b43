// Placeholder: being written.
export {};
