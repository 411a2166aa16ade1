package org.korlang.vm.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Floats as Python's {@code repr} prints them: the shortest decimal that reads back to the same
 * double (the closest such one when several have that length), in fixed notation when the decimal
 * exponent is in [-4, 16) ({@code 0.0001}, {@code 9.0}, {@code 1000000000000000.0}) and in scientific
 * notation otherwise, with a sign and at least two exponent digits ({@code 1e-05}, {@code 1.5e-07},
 * {@code 1e+16}); {@code inf}, {@code -inf}, {@code nan}; {@code -0.0}.
 *
 * <h2>Algorithm</h2>
 * JDK 17's {@code Double.toString} always reads back correctly but is not always shortest (it may
 * have one digit too many, JDK-4511638). Starting from its digit count {@code n}, try {@code n-1},
 * {@code n-2}, … digits: at precision {@code p} the only candidates are the two {@code p}-digit
 * decimals around the exact value (rounded down and up — the interval of decimals that read back to
 * the double contains the double, so if any {@code p}-digit decimal is in it, one of these two is);
 * stop at the first {@code p} where neither reads back (fewer digits cannot then either). At the
 * shortest {@code p}, of the candidates that read back take the one nearer to the exact value — which
 * is what Python (David Gay's shortest mode) prints. Reading back uses {@code Double.parseDouble},
 * which rounds correctly. Integral values below 1e16 take a fast path. Tested against Python's
 * {@code repr} on random and edge-case doubles.
 */
public final class FloatFormat {

    private FloatFormat() {
    }

    /** Korlang's text of a float (docs/language.md D53): Python's repr, but {@code NaN} for NaN. */
    public static String text(double v) {
        return Double.isNaN(v) ? "NaN" : repr(v);
    }

    /** Python's {@code repr} of a float. */
    public static String repr(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return (Double.doubleToRawLongBits(v) < 0) ? "-0.0" : "0.0";
        }
        double a = Math.abs(v);
        String sign = v < 0 ? "-" : "";
        if (a < 1e16 && a == Math.rint(a)) {
            return sign + Long.toString((long) a) + ".0";
        }
        BigDecimal exact = new BigDecimal(a);
        BigDecimal best = new BigDecimal(Double.toString(a)).stripTrailingZeros();
        for (int p = best.precision() - 1; p >= 1; p--) {
            BigDecimal pick = nearestReadingBack(exact, a, p);
            if (pick == null) {
                break;
            }
            best = pick;
        }
        // the JDK's own digits may not be the nearest ones of that length
        BigDecimal same = nearestReadingBack(exact, a, best.precision());
        if (same != null) {
            best = same;
        }
        return sign + layout(best.stripTrailingZeros());
    }

    /** The {@code p}-digit decimal nearest to {@code exact} that reads back as {@code a}, or null. */
    private static BigDecimal nearestReadingBack(BigDecimal exact, double a, int p) {
        BigDecimal down = exact.round(new MathContext(p, RoundingMode.DOWN));
        BigDecimal up = exact.round(new MathContext(p, RoundingMode.UP));
        boolean downOk = Double.parseDouble(down.toString()) == a;
        boolean upOk = Double.parseDouble(up.toString()) == a;
        if (downOk && upOk) {
            int c = exact.subtract(down).compareTo(up.subtract(exact));
            if (c != 0) {
                return c < 0 ? down : up;
            }
            // a tie: the even last digit, as round-half-even would choose
            return exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
        }
        return downOk ? down : upOk ? up : null;
    }

    /** Python's 'r' layout of a positive decimal with no trailing zeros. */
    private static String layout(BigDecimal d) {
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - 1 - d.scale(); // value = d1.d2d3… × 10^exp
        StringBuilder sb = new StringBuilder();
        if (exp >= -4 && exp < 16) {
            if (exp >= 0) {
                if (digits.length() <= exp + 1) {
                    sb.append(digits).append("0".repeat(exp + 1 - digits.length())).append(".0");
                } else {
                    sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
                }
            } else {
                sb.append("0.").append("0".repeat(-exp - 1)).append(digits);
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int e = Math.abs(exp);
            if (e < 10) {
                sb.append('0');
            }
            sb.append(e);
        }
        return sb.toString();
    }
}
