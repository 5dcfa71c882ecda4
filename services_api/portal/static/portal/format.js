// Vietnamese labels and number, money, time and date formats.

export const LEVELS = [4, 3, 2, 1];

export const LEVEL_NAMES = {
  1: "Mức 1",
  2: "Mức 2",
  3: "Mức 3",
  4: "Mức 4",
};

export const LEVEL_DESCRIPTIONS = {
  1: "Cung cấp đầy đủ thông tin về thủ tục trên mạng",
  2: "Tải và điền mẫu đơn; nộp hồ sơ trực tiếp hoặc qua bưu chính",
  3: "Nộp hồ sơ trực tuyến; nhận kết quả trực tiếp",
  4: "Nộp hồ sơ, thanh toán và nhận kết quả trực tuyến",
};

// Decree 42/2022 kinds, mapped from the level by the working convention 4 → full, 3 → partial.
export const KIND_NAMES = {
  full: "Toàn trình",
  partial: "Một phần",
  info: "Cung cấp thông tin",
};

export const TIER_NAMES = {
  province: "Cấp tỉnh",
  commune: "Cấp xã",
  district: "Cấp huyện",
  ministry: "Cấp bộ",
  other: "Cơ quan khác",
};

export const METHOD_NAMES = {
  in_person: "Trực tiếp",
  online: "Trực tuyến",
  post: "Qua bưu chính công ích",
};

export const LEVEL_SOURCE_NAMES = {
  derived: "Mức độ được suy ra từ cách thức thực hiện đã công bố",
  agency: "Mức độ do cơ quan thực hiện cập nhật",
};

const numbers = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });
const shares = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1, minimumFractionDigits: 0 });
const dates = new Intl.DateTimeFormat("vi-VN", { day: "2-digit", month: "2-digit", year: "numeric" });

export function levelKind(level) {
  return level === 4 ? "full" : level === 3 ? "partial" : "info";
}

/** "Mức 4 · Toàn trình", "Mức 3 · Một phần", "Mức 2". */
export function levelLabel(level) {
  const kind = levelKind(level);
  const name = LEVEL_NAMES[level] || `Mức ${level}`;
  return kind === "info" ? name : `${name} · ${KIND_NAMES[kind].toLowerCase()}`;
}

export function tierName(tier) {
  return TIER_NAMES[tier] || tier;
}

export function formatNumber(value) {
  return numbers.format(value);
}

export function formatShare(percent) {
  return `${shares.format(percent)}%`;
}

/** 50000 → "50.000 đồng". */
export function formatVnd(amount) {
  return `${numbers.format(amount)} đồng`;
}

/** The fee of a channel: "Miễn phí", "50.000 đồng", or the source's words. */
export function formatFee(channel) {
  if (channel.fee_free) return "Miễn phí";
  if (channel.fee_vnd !== null && channel.fee_vnd !== undefined) return formatVnd(channel.fee_vnd);
  return channel.fee_text || "Không có thông tin";
}

/** The processing time of a channel: "15 ngày làm việc", or the source's words. */
export function formatTime(channel) {
  if (channel.time_value !== null && channel.time_value !== undefined && channel.time_unit) {
    return `${numbers.format(channel.time_value)} ${channel.time_unit.toLocaleLowerCase("vi")}`;
  }
  return channel.time_text || "Không có thông tin";
}

export function formatDate(value) {
  if (!value) return "";
  const date = new Date(value.length === 10 ? `${value}T00:00:00` : value);
  return Number.isNaN(date.getTime()) ? value : dates.format(date);
}

/**
 * A rescinded procedure's notice, with its decision when known: "Thủ tục này đã bãi bỏ theo
 * Quyết định số 61/QĐ-UBND ngày 01/06/2025." — null while the procedure is in force.
 */
export function rescissionNotice(procedure) {
  if (procedure?.status !== "rescinded") return null;
  const { number, date } = procedure.rescission || {};
  const words = ["Thủ tục này đã bãi bỏ"];
  if (number) words.push(`theo Quyết định số ${number}`);
  if (date) words.push(`${number ? "ngày" : "từ ngày"} ${formatDate(date)}`);
  return `${words.join(" ")}.`;
}
