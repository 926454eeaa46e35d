-- One database per service, as in every other environment.
CREATE DATABASE auth;
CREATE DATABASE users;
CREATE DATABASE products;
CREATE DATABASE notifications;
CREATE DATABASE orders;
CREATE DATABASE payments;
