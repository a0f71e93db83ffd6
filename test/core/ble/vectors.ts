/**
 * Byte vectors from ../shared/reference/ble-protocols.md, which cites their sources: real
 * Polar H7 captures (cal-id/Polar-H7-Pi), Polar PMD spec diagrams and the Polar BLE SDK's
 * unit tests (AccDataTest.kt: V1 and V3 copied in full from the test file's HEX comments).
 */

/** V1: ACC raw type 1, "process acc raw data frame type 1" (36 samples, ts 2e9 ns). */
export const V1_ACC_RAW16 =
  '02 00 94 35 77 00 00 00 00 01 ' +
  'F7 FF FF FF E7 03 F8 FF FE FF E5 03 F9 FF FF FF E5 03 FA FF FF FF E6 03 FA FF FE FF E6 03 F9 FF FF FF E5 03 ' +
  'F8 FF FF FF E6 03 F8 FF FE FF E6 03 FA FF FF FF E5 03 FA FF FF FF E7 03 FA FF FF FF E5 03 F8 FF FF FF E6 03 ' +
  'F7 FF FF FF E6 03 F8 FF FE FF E6 03 F9 FF FE FF E7 03 F9 FF 00 00 E6 03 F9 FF FF FF E6 03 F7 FF FE FF E5 03 ' +
  'F9 FF FF FF E5 03 F9 FF FF FF E5 03 FA FF 00 00 E6 03 F9 FF FE FF E6 03 F8 FF FF FF E6 03 F8 FF FF FF E5 03 ' +
  'F9 FF FF FF E6 03 F9 FF FF FF E5 03 FA FF FF FF E6 03 F9 FF FF FF E5 03 F9 FF FF FF E5 03 F8 FF FE FF E6 03 ' +
  'F9 FF FF FF E6 03 F9 FF FF FF E6 03 F9 FF 00 00 E5 03 F9 FF FE FF E6 03 F8 FF FE FF E6 03 F7 FF FE FF E6 03';

/** V2: ACC delta type 1 (0x81), "process acc compressed data type 1". */
export const V2_ACC_DELTA1 = '02 65 00 00 00 00 00 00 00 81 F1 FF 14 00 F0 03 06 01 7B 0F 08';

/** V3: ACC delta type 0 (0x80), "process acc compressed data type 0" (57 samples). */
export const V3_ACC_DELTA0 =
  '02 00 94 35 77 00 00 00 00 80 ' +
  '71 07 F0 6A 9E 8D 0A 38 BE 5C BE BA 2F 96 B3 EE 4B E5 AD FB 42 B9 EB BE 4C FE BA 2F 92 BF EE 4B E4 B1 FB 12 ' +
  'B9 EC BD 3C 3E BB 2F 8F D3 DE 4B E3 B5 F7 D2 B8 ED BD 30 7E 7B 2F 8B E3 CE 8B E2 BA F7 A2 B8 EE BC 20 BE 7B ' +
  '2F 88 F3 CE CB E1 BD EF 52 F8 EF BC 18 FE 3B 2F 84 03 BF CB E0 C2 EF 32 B8 F0 BB 04 4E BC 2E 81 13 AF 0B E0 ' +
  'C6 EF F2 F7 F1 B9 FC 7D BC 2E 7D 27 9F 4B DF CA EB C2 F7 F2 B8 EC CD 7C 2E 7B 37 8F 4B DE CE E3 92 F7 F3 B8 ' +
  'E0 0D FD 2D 77 4B 7F CB DD D2 DF 62 37 F5 B7 D4 4D BD 2D 74 5B 6F CB DC D7 D7 32 37 F6 B5 C8 8D 7D 2D 71 6B ' +
  '4F 4B DC DC D3 F2 36 F7 B4 BC DD FD 2C 6F 7B 3F 4B DB E0 CF D2 36 F8 B2 B0 2D BE 2C 6C 8F 1F CB DA E3 C7 A2 76 F9';

/** V4: Verity Sense delta frame from the PMD spec, sample count patched to 2 in the reference. */
export const V4_VERITY_DELTA = '02 64 6C 76 C4 3C C6 7F 07 80 D0 FF 65 01 E4 0F 08 02 FC 07 FF 0C 13 F2';

/** V5: H10 raw ACC from the PMD spec (2 samples, H10 default clock 2019-01-01). */
export const V5_H10_RAW = '02 EA 54 A2 42 8B 45 52 08 01 45 FF E4 FF B5 03 45 FF E4 FF B8 03';

/** V6: ECG raw type 0, EcgDataTest. */
export const V6_ECG_RAW = '00 00 94 35 77 00 00 00 00 00 02 80 FF 02 80 00';

/** Control-point exchanges, §2.6. */
export const CP = {
  getAcc: '01 02',
  getAccResponseH10: 'F0 01 02 00 00 00 04 19 00 32 00 64 00 C8 00 01 01 10 00 02 03 02 00 04 00 08 00',
  getEcg: '01 00',
  getEcgResponseH10: 'F0 01 00 00 00 00 01 82 00 01 01 0E 00',
  startAccH10: '02 02 02 01 08 00 00 01 C8 00 01 01 10 00',
  startAccResponseH10: 'F0 02 02 00 00 01',
  startEcgH10: '02 00 00 01 82 00 01 01 0E 00',
  stopAcc: '03 02',
  stopAccResponse: 'F0 03 02 00 00',
  stopAccNothingRunning: 'F0 03 02 06 00',
  getAccResponseVerity: 'F0 01 02 00 00 00 01 34 00 01 01 10 00 02 01 08 00 04 01 03',
  startAccVerity: '02 02 00 01 34 00 01 01 10 00 02 01 08 00 04 01 03',
  startAccResponseVerity: 'F0 02 02 00 00 05 01 40 DA 7F 39',
  featuresH10: '0F 05 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00',
  featuresVerity: '0F 6E 00',
  stoppedByDevice: '01 01 02',
};
