//! Examples and integration tests of the mileston-config workspace.
