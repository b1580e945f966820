/** Input patterns the server's schemas enforce and the web's forms check before sending. */

/** Characters of a personal name: Chinese characters and the middle dot (欧阳·娜). */
export const CHINESE_NAME_CHARS = /^[\u4e00-\u9fa5·]+$/u;
/** A personal name of 2 to 20 such characters (the schema's length rule and character rule together). */
export const CHINESE_NAME = /^[\u4e00-\u9fa5·]{2,20}$/u;
/** A mainland mobile number. */
export const MOBILE = /^1[3-9]\d{9}$/;
/** A payment card number once its spaces are removed. */
export const BANK_CARD = /^\d{12,19}$/;
/** An account name (用户名). */
export const USERNAME = /^[a-z][a-z0-9_]{2,31}$/;
