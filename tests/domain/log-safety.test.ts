import { describe, expect, it } from "vitest";
import { maskEmails, safeError } from "../../src/http/log-safety.ts";

describe("what errors may put in the logs", () => {
  it("masks email addresses, Vietnamese ones included", () => {
    expect(maskEmails("gửi tới nguyen.thi.hang@sotuphap.gov.vn thất bại")).toBe(
      "gửi tới ng***@sotuphap.gov.vn thất bại",
    );
  });

  it("drops a failed statement's parameters and masks the database's detail", () => {
    const cause = Object.assign(
      new Error('duplicate key value violates unique constraint "users_email_uq"'),
      {
        code: "23505",
        constraint: "users_email_uq",
        detail: "Key (email)=(hoa.lt@to1.vn) already exists.",
      },
    );
    const err = Object.assign(
      new Error(
        'Failed query: insert into "users" ("email", "password_hash") values ($1, $2)\nparams: hoa.lt@to1.vn,$argon2id$v=19$secret',
      ),
      { cause },
    );
    const out = JSON.stringify(safeError(err));
    expect(out).not.toContain("hoa.lt@to1.vn");
    expect(out).not.toContain("argon2id");
    expect(out).toContain("params: [omitted]");
    expect(out).toContain("23505");
    expect(out).toContain("ho***@to1.vn");
  });
});
