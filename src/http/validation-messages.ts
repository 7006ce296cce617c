/**
 * Ajv's validation errors in Vietnamese, one per field: the field's name as the client sent it
 * ("body.kind"), a reason a person can act on ("phải là một trong: \"member\", \"branch\""), and, for
 * programs, the rule that failed (Ajv's keyword) and the allowed values when there is a list.
 *
 * A union of literals (TypeBox `Type.Union([Type.Literal(…), …])`) makes Ajv report one `const` error per
 * branch plus an `anyOf`: they are folded into one problem naming every allowed value.
 */

export interface AjvError {
  keyword: string;
  instancePath?: string;
  schemaPath?: string;
  params?: Record<string, unknown>;
  message?: string;
}

export interface ValidationProblem {
  field: string;
  reason: string;
  /** The rule that failed: Ajv's keyword ("required", "enum", "maxLength", …). */
  rule: string;
  /** The values the field may take, when the schema lists them. */
  allowed?: unknown[];
}

/** "/body/email" from ajv, plus the missing property for `required`, as "body.email". */
export function fieldOf(context: string | undefined, err: AjvError): string {
  const parts = [context ?? "request", ...(err.instancePath ?? "").split("/").filter(Boolean)];
  const missing = err.params?.missingProperty ?? err.params?.additionalProperty;
  if (typeof missing === "string") parts.push(missing);
  return parts.join(".");
}

const TYPES: Record<string, string> = {
  string: "chuỗi ký tự",
  number: "số",
  integer: "số nguyên",
  boolean: "true hoặc false",
  object: "đối tượng JSON",
  array: "danh sách",
  null: "null",
};

const FORMATS: Record<string, string> = {
  email: "địa chỉ email hợp lệ (vd. ten@example.vn)",
  date: "ngày dạng yyyy-MM-dd (vd. 2026-05-15)",
  "date-time": "thời điểm ISO 8601 có múi giờ (vd. 2026-05-15T14:00:00+07:00)",
  time: "giờ dạng HH:mm:ss",
  uuid: "mã định danh UUID",
  uri: "đường dẫn URL đầy đủ (vd. https://…)",
  url: "đường dẫn URL đầy đủ (vd. https://…)",
  "uri-reference": "đường dẫn URL",
  ipv4: "địa chỉ IPv4",
  ipv6: "địa chỉ IPv6",
  hostname: "tên máy chủ",
  regex: "biểu thức chính quy",
};

function shown(v: unknown): string {
  return typeof v === "string" ? `"${v}"` : JSON.stringify(v);
}

function allowedText(values: unknown[]): string {
  return values.length === 1
    ? `phải là ${shown(values[0])}`
    : `phải là một trong: ${values.map(shown).join(", ")}`;
}

/** One Ajv error, in words (without the field name). */
export function reasonOf(e: AjvError): string {
  const p = e.params ?? {};
  const n = (k: string) => Number(p[k]);
  switch (e.keyword) {
    case "required":
      return "bắt buộc nhưng chưa có";
    case "const":
      return allowedText([p.allowedValue]);
    case "enum":
      return allowedText((p.allowedValues as unknown[]) ?? []);
    case "minLength":
      return n("limit") <= 1 ? "không được để trống" : `phải có ít nhất ${n("limit")} ký tự`;
    case "maxLength":
      return `không được dài quá ${n("limit")} ký tự`;
    case "pattern":
      return `không đúng định dạng (mẫu ${String(p.pattern)})`;
    case "format": {
      const f = String(p.format);
      return `phải là ${FORMATS[f] ?? `giá trị dạng ${f}`}`;
    }
    case "minimum":
      return `phải lớn hơn hoặc bằng ${n("limit")}`;
    case "exclusiveMinimum":
      return `phải lớn hơn ${n("limit")}`;
    case "maximum":
      return `phải nhỏ hơn hoặc bằng ${n("limit")}`;
    case "exclusiveMaximum":
      return `phải nhỏ hơn ${n("limit")}`;
    case "multipleOf":
      return `phải là bội số của ${n("multipleOf")}`;
    case "type": {
      const types = String(p.type)
        .split(",")
        .map((t) => TYPES[t] ?? t);
      return `phải là ${types.join(" hoặc ")}`;
    }
    case "additionalProperties":
      return "trường này không được phép (không có trong mô tả của API)";
    case "minItems":
      return `phải có ít nhất ${n("limit")} phần tử`;
    case "maxItems":
      return `không được quá ${n("limit")} phần tử`;
    case "uniqueItems":
      return "các phần tử không được trùng nhau";
    case "minProperties":
      return `phải có ít nhất ${n("limit")} trường`;
    case "maxProperties":
      return `không được quá ${n("limit")} trường`;
    case "dependentRequired":
    case "dependencies":
      return `cần có cả trường ${String(p.missingProperty)} khi có trường ${String(p.property)}`;
    case "not":
      return "giá trị này không được phép";
    default:
      return `không hợp lệ (quy tắc ${e.keyword})`;
  }
}

function allowedOf(e: AjvError): unknown[] | undefined {
  if (e.keyword === "const") return [e.params?.allowedValue];
  if (e.keyword === "enum") return (e.params?.allowedValues as unknown[]) ?? [];
  return undefined;
}

function plain(context: string | undefined, e: AjvError): ValidationProblem {
  const allowed = allowedOf(e);
  return {
    field: fieldOf(context, e),
    reason: reasonOf(e),
    rule: e.keyword,
    ...(allowed ? { allowed } : {}),
  };
}

/** The branch index of an error under a union at `prefix` ("…/anyOf/1/required" → "1"). */
function branchOf(prefix: string, e: AjvError): string {
  return (e.schemaPath ?? "").slice(prefix.length).split("/")[0] ?? "";
}

/**
 * What a failed union says: a union of literals one problem listing them; a union of objects the problems
 * of the branch the value was meant for (the one whose literals matched), or, when none matched, its
 * discriminating field with every allowed value; other unions one problem with each branch's reason.
 */
function unionProblems(context: string | undefined, u: AjvError, branches: AjvError[]): ValidationProblem[] {
  const field = fieldOf(context, u);
  const here = u.instancePath ?? "";
  const prefix = `${u.schemaPath ?? ""}/`;
  const inner = branches.filter((b) => b.keyword !== "if" && b.keyword !== "anyOf" && b.keyword !== "oneOf");
  if (inner.length === 0)
    return [{ field, reason: "không khớp với dạng nào được chấp nhận", rule: u.keyword }];
  const literal = (b: AjvError) => allowedOf(b) !== undefined;
  if (inner.every((b) => (b.instancePath ?? "") === here && literal(b))) {
    const allowed = [...new Set(inner.flatMap((b) => allowedOf(b)!))];
    return [{ field, reason: allowedText(allowed), rule: "enum", allowed }];
  }
  // A value of the wrong kind for every branch (a string or null …): each branch's reason, in one problem.
  const aboutValue = (b: AjvError) =>
    b.params?.missingProperty === undefined && b.params?.additionalProperty === undefined;
  if (inner.every((b) => (b.instancePath ?? "") === here && aboutValue(b))) {
    return [{ field, reason: [...new Set(inner.map(reasonOf))].join(", hoặc "), rule: u.keyword }];
  }
  const groups = new Map<string, AjvError[]>();
  for (const b of inner) groups.set(branchOf(prefix, b), [...(groups.get(branchOf(prefix, b)) ?? []), b]);
  const matched = [...groups.values()].filter((g) => !g.some(literal));
  if (matched.length > 0) return matched[0]!.map((b) => plain(context, b));
  // Every branch failed on a literal: the discriminating field, if they share one.
  const firstLiterals = [...groups.values()].map((g) => g.find(literal)!);
  const at = firstLiterals[0]!.instancePath ?? "";
  if (firstLiterals.every((b) => (b.instancePath ?? "") === at)) {
    const allowed = [...new Set(firstLiterals.flatMap((b) => allowedOf(b)!))];
    return [
      { field: fieldOf(context, firstLiterals[0]!), reason: allowedText(allowed), rule: "enum", allowed },
    ];
  }
  const fewest = [...groups.values()].sort((a, b) => a.length - b.length)[0]!;
  return fewest.map((b) => plain(context, b));
}

/**
 * Ajv's errors as Vietnamese problems: unions folded (see `unionProblems`), `if` errors dropped (their
 * `then` branch says what is wrong), duplicates removed.
 */
export function validationProblems(
  context: string | undefined,
  errors: readonly AjvError[],
): ValidationProblem[] {
  const consumed = new Set<AjvError>();
  const folded = new Map<AjvError, ValidationProblem[]>();
  const unions = errors
    .filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf")
    .sort((a, b) => (a.schemaPath ?? "").length - (b.schemaPath ?? "").length);
  for (const u of unions) {
    if (consumed.has(u)) continue;
    const prefix = `${u.schemaPath ?? ""}/`;
    const branches = errors.filter(
      (e) => e !== u && !consumed.has(e) && (e.schemaPath ?? "").startsWith(prefix),
    );
    for (const b of branches) consumed.add(b);
    folded.set(u, unionProblems(context, u, branches));
  }
  const out: ValidationProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (consumed.has(e) || e.keyword === "if") continue;
    for (const p of folded.get(e) ?? [plain(context, e)]) {
      const key = `${p.field}|${p.reason}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(p);
    }
  }
  return out;
}
