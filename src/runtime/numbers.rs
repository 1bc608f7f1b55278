//! Numbers as Python prints them, and the numeric functions of `math` and `cmath` that the
//! emulator computes.

/// `repr(float)`: the shortest string that round-trips (David Gay's algorithm, as CPython
/// since 2.7 / 3.1), laid out as `float_repr_style = 'short'` does.
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0".into() } else { "0.0".into() };
    }
    // Rust's `{:e}` prints the shortest round-tripping digits: "1.4142135623730951e0".
    let s = format!("{:e}", x);
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    layout(neg, &digits, exp, true)
}

/// Python 2's `str(float)`: `'%.12g'`.
pub fn float_str12(x: f64) -> String {
    if !x.is_finite() {
        return float_repr(x);
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0".into() } else { "0.0".into() };
    }
    let s = format!("{:.11e}", x);
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mant.starts_with('-');
    let mut digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    // %g: exponent form when exp < -4 or exp >= precision (12); str() then adds ".0".
    if exp < -4 || exp >= 12 {
        let mut m = digits[..1].to_string();
        if digits.len() > 1 {
            m.push('.');
            m.push_str(&digits[1..]);
        }
        return format!("{}{}e{}{:02}", if neg { "-" } else { "" }, m, if exp < 0 { '-' } else { '+' }, exp.abs());
    }
    layout(neg, &digits, exp, true)
}

/// Lays out significant `digits` with decimal exponent `exp` (value = d.ddd × 10^exp) the way
/// `repr` does: positional for -4 <= exp < 16, else `d.ddde+XX`.
fn layout(neg: bool, digits: &str, exp: i32, force_point: bool) -> String {
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if (-4..16).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.push_str(digits);
        } else {
            let point = exp as usize + 1;
            if digits.len() <= point {
                out.push_str(digits);
                for _ in digits.len()..point {
                    out.push('0');
                }
                if force_point {
                    out.push_str(".0");
                }
            } else {
                out.push_str(&digits[..point]);
                out.push('.');
                out.push_str(&digits[point..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.abs()));
    }
    out
}

/// `repr(complex)`: `(1+2j)`, `1j`, `(-0-1j)`; components without a trailing `.0`.
pub fn complex_repr(re: f64, im: f64) -> String {
    fn part(x: f64) -> String {
        let s = float_repr(x);
        s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
    }
    if re == 0.0 && re.is_sign_positive() {
        return format!("{}j", part(im));
    }
    let sign = if im.is_sign_negative() { "-" } else { "+" };
    format!("({}{}{}j)", part(re), sign, part(im.abs()))
}

/// A number argument: Python keeps ints and floats apart (`factorial(5)` vs `factorial(5.0)`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    Int(i128),
    Float(f64),
}

impl Num {
    pub fn f(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(x) => x,
        }
    }
}

/// The result of a numeric function.
pub enum NumResult {
    Float(f64),
    Int(i128),
    Complex(f64, f64),
    Bool(bool),
    Tuple(Vec<f64>),
}

/// What differs between versions in the numeric functions.
#[derive(Clone, Copy, Debug)]
pub struct NumDialect {
    /// 3.10+: `factorial(5.0)` is a TypeError (before: accepted when integral).
    pub factorial_rejects_float: bool,
}

type NumErr = (&'static str, String);

fn domain() -> NumErr {
    ("ValueError", "math domain error".into())
}

/// Whether the emulator computes `module.name` for some arguments.
pub fn implements(module: &str, name: &str) -> bool {
    [Num::Float(1.0)].len() == 1
        && (call(module, name, &[Num::Float(0.5)], NumDialect { factorial_rejects_float: false }).is_some()
            || call(module, name, &[Num::Float(2.0), Num::Float(2.0)], NumDialect { factorial_rejects_float: false }).is_some())
}

/// Computes `module.name(args)` for the functions the emulator implements; `None` when it
/// does not implement that function (or that arity). Errors are `(exception type, message)`.
pub fn call(module: &str, name: &str, args: &[Num], d: NumDialect) -> Option<Result<NumResult, NumErr>> {
    use NumResult::*;
    let one = |f: fn(f64) -> f64| -> Option<Result<NumResult, NumErr>> {
        let x = args[0].f();
        let r = f(x);
        if r.is_nan() && !x.is_nan() {
            Some(Err(domain()))
        } else if r.is_infinite() && x.is_finite() {
            Some(Err(("OverflowError", "math range error".into())))
        } else {
            Some(Ok(Float(r)))
        }
    };
    let to_int = |x: f64| -> Result<NumResult, NumErr> {
        if x.is_nan() {
            Err(("ValueError", "cannot convert float NaN to integer".into()))
        } else if x.is_infinite() {
            Err(("OverflowError", "cannot convert float infinity to integer".into()))
        } else {
            Ok(Int(x as i128))
        }
    };
    match (module, name, args.len()) {
        ("math", "cos", 1) => one(f64::cos),
        ("math", "sin", 1) => one(f64::sin),
        ("math", "tan", 1) => one(f64::tan),
        ("math", "acos", 1) => one(f64::acos),
        ("math", "asin", 1) => one(f64::asin),
        ("math", "atan", 1) => one(f64::atan),
        ("math", "cosh", 1) => one(f64::cosh),
        ("math", "sinh", 1) => one(f64::sinh),
        ("math", "tanh", 1) => one(f64::tanh),
        ("math", "exp", 1) => one(f64::exp),
        ("math", "expm1", 1) => one(f64::exp_m1),
        ("math", "log1p", 1) => one(f64::ln_1p),
        ("math", "fabs", 1) => one(f64::abs),
        ("math", "degrees", 1) => one(f64::to_degrees),
        ("math", "radians", 1) => one(f64::to_radians),
        ("math", "sqrt", 1) => one(f64::sqrt),
        ("math", "log", 1 | 2) | ("math", "log10", 1) | ("math", "log2", 1) => {
            let x = args[0].f();
            if x <= 0.0 {
                return Some(Err(domain()));
            }
            let r = match name {
                "log10" => x.log10(),
                "log2" => x.log2(),
                _ if args.len() == 2 => {
                    let b = args[1].f();
                    if b <= 0.0 {
                        return Some(Err(domain()));
                    }
                    if b == 1.0 {
                        return Some(Err(("ZeroDivisionError", "float division by zero".into())));
                    }
                    x.ln() / b.ln()
                }
                _ => x.ln(),
            };
            Some(Ok(Float(r)))
        }
        ("math", "floor" | "ceil" | "trunc", 1) => match args[0] {
            Num::Int(i) => Some(Ok(Int(i))),
            Num::Float(x) => Some(to_int(match name {
                "floor" => x.floor(),
                "ceil" => x.ceil(),
                _ => x.trunc(),
            })),
        },
        ("math", "factorial", 1) => {
            let n = match args[0] {
                Num::Int(i) => i,
                Num::Float(_) if d.factorial_rejects_float => {
                    return Some(Err(("TypeError", "'float' object cannot be interpreted as an integer".into())));
                }
                Num::Float(x) if x.fract() != 0.0 || !x.is_finite() => {
                    return Some(Err(("ValueError", "factorial() only accepts integral values".into())));
                }
                Num::Float(x) => x as i128,
            };
            if n < 0 {
                return Some(Err(("ValueError", "factorial() not defined for negative values".into())));
            }
            let mut acc: i128 = 1;
            for k in 2..=n {
                acc = acc.checked_mul(k)?;
            }
            Some(Ok(Int(acc)))
        }
        ("math", "gcd", 2) => match (args[0], args[1]) {
            (Num::Int(mut a), Num::Int(mut b)) => {
                a = a.abs();
                b = b.abs();
                while b != 0 {
                    let t = a % b;
                    a = b;
                    b = t;
                }
                Some(Ok(Int(a)))
            }
            _ => Some(Err(("TypeError", "'float' object cannot be interpreted as an integer".into()))),
        },
        ("math", "isclose", 2) => {
            let (a, b) = (args[0].f(), args[1].f());
            let close = a == b || ((a - b).abs() <= (1e-9 * b.abs()).max(1e-9 * a.abs()));
            Some(Ok(Bool(close)))
        }
        ("math", "isnan", 1) => Some(Ok(Bool(args[0].f().is_nan()))),
        ("math", "isinf", 1) => Some(Ok(Bool(args[0].f().is_infinite()))),
        ("math", "isfinite", 1) => Some(Ok(Bool(args[0].f().is_finite()))),
        ("math", "pow", 2) => {
            let (x, y) = (args[0].f(), args[1].f());
            let r = x.powf(y);
            if r.is_nan() && !x.is_nan() && !y.is_nan() {
                Some(Err(domain()))
            } else if r.is_infinite() && x.is_finite() && y.is_finite() {
                if x == 0.0 { Some(Err(domain())) } else { Some(Err(("OverflowError", "math range error".into()))) }
            } else {
                Some(Ok(Float(r)))
            }
        }
        ("math", "atan2", 2) => Some(Ok(Float(args[0].f().atan2(args[1].f())))),
        ("math", "hypot", 2) => Some(Ok(Float(args[0].f().hypot(args[1].f())))),
        ("math", "copysign", 2) => Some(Ok(Float(args[0].f().copysign(args[1].f())))),
        ("math", "fmod", 2) => {
            if args[1].f() == 0.0 {
                return Some(Err(domain()));
            }
            Some(Ok(Float(args[0].f() % args[1].f())))
        }
        ("cmath", "sqrt", 1) => {
            let x = args[0].f();
            Some(Ok(if x < 0.0 { Complex(0.0, (-x).sqrt()) } else { Complex(x.sqrt(), 0.0) }))
        }
        ("cmath", "exp", 1) => Some(Ok(Complex(args[0].f().exp(), 0.0))),
        ("cmath", "log", 1) => {
            let x = args[0].f();
            if x == 0.0 {
                return Some(Err(domain()));
            }
            Some(Ok(if x < 0.0 { Complex((-x).ln(), std::f64::consts::PI) } else { Complex(x.ln(), 0.0) }))
        }
        ("cmath", "log10", 1) => {
            let x = args[0].f();
            if x == 0.0 {
                return Some(Err(domain()));
            }
            Some(Ok(if x < 0.0 {
                Complex((-x).log10(), std::f64::consts::PI / std::f64::consts::LN_10)
            } else {
                Complex(x.log10(), 0.0)
            }))
        }
        ("cmath", "phase", 1) => {
            let x = args[0].f();
            Some(Ok(Float(if x < 0.0 { std::f64::consts::PI } else { 0.0 })))
        }
        ("cmath", "polar", 1) => {
            let x = args[0].f();
            Some(Ok(Tuple(vec![x.abs(), if x < 0.0 { std::f64::consts::PI } else { 0.0 }])))
        }
        ("cmath", "isnan", 1) => Some(Ok(Bool(args[0].f().is_nan()))),
        ("cmath", "isinf", 1) => Some(Ok(Bool(args[0].f().is_infinite()))),
        ("cmath", "isfinite", 1) => Some(Ok(Bool(args[0].f().is_finite()))),
        ("cmath", "isclose", 2) => {
            let (a, b) = (args[0].f(), args[1].f());
            Some(Ok(Bool(a == b || ((a - b).abs() <= (1e-9 * b.abs()).max(1e-9 * a.abs())))))
        }
        ("cmath", "cos", 1) => Some(Ok(Complex(args[0].f().cos(), -0.0 * args[0].f().sin().signum()))),
        ("cmath", "sin", 1) => Some(Ok(Complex(args[0].f().sin(), 0.0))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_python() {
        assert_eq!(float_repr(1.0), "1.0");
        assert_eq!(float_repr(2f64.sqrt()), "1.4142135623730951");
        assert_eq!(float_repr(std::f64::consts::PI), "3.141592653589793");
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(1e15), "1000000000000000.0");
        assert_eq!(float_repr(0.0001), "0.0001");
        assert_eq!(float_repr(0.00001), "1e-05");
        assert_eq!(float_repr(-2.5), "-2.5");
        assert_eq!(float_repr(1.5e300), "1.5e+300");
        assert_eq!(float_str12(std::f64::consts::PI), "3.14159265359");
        assert_eq!(float_str12(1.0), "1.0");
        assert_eq!(float_str12(0.1), "0.1");
        assert_eq!(complex_repr(0.0, 1.0), "1j");
        assert_eq!(complex_repr(1.0, 2.0), "(1+2j)");
        assert_eq!(complex_repr(1.0, -0.0), "(1-0j)");
    }
}
