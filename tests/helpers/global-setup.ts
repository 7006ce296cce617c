// Placeholder: replaced by the embedded PostgreSQL set-up.
export default async function setup() {}
