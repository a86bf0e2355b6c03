//! The Albers equal-area conic projection, fitted to one state.

/// A spherical Albers equal-area conic projection.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Albers {
    n: f64,
    c: f64,
    rho0: f64,
    lambda0: f64,
    /// Shift eastern longitudes west by 360° (Alaska's Aleutians cross 180°).
    wrap: bool,
}

impl Albers {
    /// Standard parallels at 1/6 and 5/6 of the latitude span, origin at its
    /// middle, central meridian at the middle of the longitude span (all in
    /// degrees; longitudes already wrapped when `wrap` is set).
    pub fn for_extent(lon: (f64, f64), lat: (f64, f64), wrap: bool) -> Self {
        let span = lat.1 - lat.0;
        let phi1 = (lat.0 + span / 6.0).to_radians();
        let phi2 = (lat.0 + span * 5.0 / 6.0).to_radians();
        let phi0 = ((lat.0 + lat.1) / 2.0).to_radians();
        let mut n = (phi1.sin() + phi2.sin()) / 2.0;
        if n.abs() < 1e-6 {
            // A span centred on the equator; none of the states, but stay finite.
            n = 1e-6;
        }
        let c = phi1.cos().powi(2) + 2.0 * n * phi1.sin();
        let rho0 = (c - 2.0 * n * phi0.sin()).max(0.0).sqrt() / n;
        Self {
            n,
            c,
            rho0,
            lambda0: ((lon.0 + lon.1) / 2.0).to_radians(),
            wrap,
        }
    }

    /// Longitude as the projection sees it.
    pub fn lon(wrap: bool, lon: f64) -> f64 {
        if wrap && lon > 0.0 {
            lon - 360.0
        } else {
            lon
        }
    }

    /// Projects (longitude, latitude) in degrees to unit-sphere x (east) and
    /// y (north).
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        let lambda = Self::lon(self.wrap, lon).to_radians();
        let phi = lat.to_radians();
        let rho = (self.c - 2.0 * self.n * phi.sin()).max(0.0).sqrt() / self.n;
        let theta = self.n * (lambda - self.lambda0);
        (rho * theta.sin(), self.rho0 - rho * theta.cos())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Equal-area: a 1°×1° cell's projected area matches the sphere's.
    #[test]
    fn albers_preserves_area() {
        let p = Albers::for_extent((-96.0, -89.0), (36.0, 40.6), false);
        for &(lon, lat) in &[(-95.0, 36.5), (-90.0, 40.0), (-80.0, 30.0)] {
            let corners = [
                p.project(lon, lat),
                p.project(lon + 1.0, lat),
                p.project(lon + 1.0, lat + 1.0),
                p.project(lon, lat + 1.0),
            ];
            // Shoelace; edges are nearly straight at this size.
            let mut area = 0.0;
            for i in 0..4 {
                let (a, b) = (corners[i], corners[(i + 1) % 4]);
                area += a.0 * b.1 - b.0 * a.1;
            }
            let area = area.abs() / 2.0;
            let sphere =
                1f64.to_radians() * ((lat + 1.0f64).to_radians().sin() - lat.to_radians().sin());
            assert!((area / sphere - 1.0).abs() < 1e-3, "{area} vs {sphere}");
        }
    }

    #[test]
    fn north_is_up_and_east_is_right() {
        let p = Albers::for_extent((-96.0, -89.0), (36.0, 40.6), false);
        let (x0, y0) = p.project(-92.5, 38.3);
        assert!(x0.abs() < 1e-9);
        assert!(p.project(-92.5, 39.0).1 > y0);
        assert!(p.project(-92.0, 38.3).0 > x0);
    }
}
