import { describe, expect, it } from "vitest";
import {
  derivedHeading,
  documentHeading,
  partyOrganisationOf,
  slug,
} from "../../src/domain/document-heading.ts";

describe("a committee's document heading", () => {
  it("derives the code, the signature line and the place from the kind of committee", () => {
    expect(derivedHeading("Huyện ủy Xín Mần")).toEqual({
      reportCode: "HU",
      signedFor: "T/M BAN THƯỜNG VỤ",
      signerTitle: "BÍ THƯ",
      place: "Xín Mần",
    });
    expect(derivedHeading("Huyện uỷ Xín Mần").reportCode).toBe("HU"); // the old tone placement
    expect(derivedHeading("Thị ủy Sa Pa")).toMatchObject({ reportCode: "TU", place: "Sa Pa" });
    expect(derivedHeading("Thành ủy Hà Giang")).toMatchObject({ reportCode: "TU", place: "Hà Giang" });
    expect(derivedHeading("Tỉnh ủy Hà Giang").reportCode).toBe("TU");
    expect(derivedHeading("Đảng ủy phường Minh Khai")).toMatchObject({
      reportCode: "ĐU",
      signedFor: "T/M ĐẢNG ỦY",
      place: "Minh Khai",
    });
    // A department's party organisation names no place: the signer writes it by hand.
    expect(derivedHeading("Đảng bộ Sở Ngoại vụ")).toMatchObject({ reportCode: "ĐU", place: "" });
    expect(derivedHeading("Ban chỉ đạo")).toMatchObject({
      reportCode: "ĐU",
      signedFor: "T/M ĐẢNG ỦY",
      place: "",
    });
  });

  it("takes what the committee set over what its name says; an empty place stays empty", () => {
    expect(
      documentHeading("Huyện ủy Xín Mần", { signerTitle: "PHÓ BÍ THƯ", reportCode: null, place: "" }),
    ).toMatchObject({ reportCode: "HU", signerTitle: "PHÓ BÍ THƯ", place: "" });
  });

  it("names the party organisation above an issuer, and makes ASCII file names", () => {
    expect(partyOrganisationOf("Tỉnh ủy Hà Giang")).toBe("Đảng bộ tỉnh Hà Giang");
    expect(partyOrganisationOf("Huyện ủy Xín Mần")).toBe("Đảng bộ huyện Xín Mần");
    expect(partyOrganisationOf("Đảng ủy xã Nấm Dẩn")).toBe("Đảng bộ xã Nấm Dẩn");
    expect(partyOrganisationOf("Đảng bộ Sở Ngoại vụ")).toBe("Đảng bộ Sở Ngoại vụ");
    expect(slug("Báo cáo Huyện ủy Xín Mần 2026")).toBe("bao-cao-huyen-uy-xin-man-2026");
    expect(slug("Đảng ủy phường Đội Cấn")).toBe("dang-uy-phuong-doi-can");
  });
});
